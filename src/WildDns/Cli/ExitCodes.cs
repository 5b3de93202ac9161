namespace WildDns.Cli;

/// <summary>The exit codes of every <c>wilddns</c> verb.</summary>
public static class ExitCodes
{
    /// <summary>Done as asked (for <c>health</c>: the server is ready or alive).</summary>
    public const int Ok = 0;

    /// <summary>Tried and failed: refused, unreachable, not healthy, a listener that could not be bound.</summary>
    public const int Failed = 1;

    /// <summary>Not tried: the command line or a setting is wrong; the one line on standard error says which.</summary>
    public const int Usage = 2;
}
