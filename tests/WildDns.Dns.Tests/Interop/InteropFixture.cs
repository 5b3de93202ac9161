using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// WildDns serving the shipped zone plus hospital-abc.com, the zone that the alias names point into, so that a
/// resolver can follow a synthesized CNAME to its end without leaving the machine. Each resolver (Unbound, BIND, dnsmasq)
/// starts on first use only, with the README's snippets and DNSSEC validation left on.
/// </summary>
public sealed class InteropFixture : IAsyncLifetime
{
    /// <summary>The target zone of the alias names in the tests: what a hospital's own DNS would serve.</summary>
    public const string TargetZoneText = """
        $ORIGIN hospital-abc.com.
        $TTL 300
        @     IN SOA ns1.hospital-abc.com. hostmaster.hospital-abc.com. 1 7200 900 1209600 60
        @     IN NS  ns1.hospital-abc.com.
        ns1   IN A   192.168.2.53
        pacs  IN A   192.168.2.10
        """;

    private readonly Dictionary<string, Task<LoopbackResolver>> resolvers = new(StringComparer.Ordinal);
    private TestServer? server;

    internal TestServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public Task InitializeAsync()
    {
        server = TestServer.Start(catalog: ShippedZones.Load(("hospital-abc.com", TargetZoneText)));
        return Task.CompletedTask;
    }

    /// <summary>Unbound with the README's snippet for cert.example.com and the same for hospital-abc.com, both at WildDns.</summary>
    internal Task<LoopbackResolver> UnboundAsync() =>
        StartOnce("unbound", () => UnboundResolver.StartAsync(WithTargetZone(ReadmeSnippet.Read("unbound", Server.Endpoint)), Server.Endpoint));

    /// <summary>BIND with the README's snippets, validation on.</summary>
    internal Task<LoopbackResolver> BindAsync() => StartOnce("named", () => BindResolver.StartAsync(Server.Endpoint));

    /// <summary>dnsmasq with the README's line.</summary>
    internal Task<LoopbackResolver> DnsmasqAsync() => StartOnce("dnsmasq", () => DnsmasqForwarder.StartAsync(Server.Endpoint));

    /// <summary>
    /// A resolver's configuration from the README's snippet for cert.example.com, and the same again for hospital-abc.com
    /// (the alias target zone, a zone the hospital's DNS would serve), both pointing at this WildDns.
    /// </summary>
    internal static string WithTargetZone(string snippet) => snippet + "\n" + ReadmeSnippet.ForZone(snippet, "hospital-abc.com");

    public async Task DisposeAsync()
    {
        foreach (var start in resolvers.Values)
        {
            if (start.IsCompletedSuccessfully)
            {
                await start.Result.DisposeAsync();
            }
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Starts a resolver on first use only, so that tests skipped for a missing tool need none of the others.</summary>
    private Task<LoopbackResolver> StartOnce(string name, Func<Task<LoopbackResolver>> start)
    {
        lock (resolvers)
        {
            if (!resolvers.TryGetValue(name, out var started))
            {
                resolvers[name] = started = start();
            }

            return started;
        }
    }
}
