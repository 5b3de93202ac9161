namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Logging</c> configuration section; levels and sinks are .NET's own <c>Logging</c> section.</summary>
public sealed class LoggingSettings
{
    public const string Section = "WildDns:Logging";

    /// <summary>Share of answered DNS messages logged, one line each: 0 (off) to 1 (every message).</summary>
    public double QuerySampleRate { get; set; }
}
