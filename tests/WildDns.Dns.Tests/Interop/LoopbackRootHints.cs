namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Root hints for the BIND the tests start: one root server at a loopback address where nothing listens, so that when it
/// looks beyond the zones it is pointed at (priming, trust anchor refresh) it gets no answer and sends nothing off the
/// machine.
/// </summary>
internal static class LoopbackRootHints
{
    public const string Address = "127.0.0.254";

    public const string Text = $"""
        .                  3600000 IN NS a.root-servers.net.
        a.root-servers.net. 3600000 IN A  {Address}

        """;
}
