using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// WildDns serving the shipped zone plus hospital-abc.com, the zone that the alias names point into, so that a
/// resolver can follow a synthesized CNAME to its end without leaving the machine. Unbound starts on first use only,
/// so that skipped tests need no unbound; it runs the README's snippet with Debian's DNSSEC validation on.
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

    private readonly SemaphoreSlim starting = new(1, 1);
    private TestServer? server;
    private UnboundResolver? unbound;
    private LoopbackResolver? bind;
    private LoopbackResolver? dnsmasq;

    internal TestServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public Task InitializeAsync()
    {
        server = TestServer.Start(catalog: ShippedZones.Load(("hospital-abc.com", TargetZoneText)));
        return Task.CompletedTask;
    }

    /// <summary>Unbound with the README's snippet for cert.example.com and the same for hospital-abc.com, both at WildDns.</summary>
    internal async Task<UnboundResolver> UnboundAsync()
    {
        await starting.WaitAsync();
        try
        {
            return unbound ??= await UnboundResolver.StartAsync(WithTargetZone(ReadmeSnippet.Read("unbound", Server.Endpoint)), Server.Endpoint);
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>BIND with the README's snippets, validation on.</summary>
    internal async Task<LoopbackResolver> BindAsync()
    {
        await starting.WaitAsync();
        try
        {
            return bind ??= await BindResolver.StartAsync(Server.Endpoint);
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>dnsmasq with the README's line.</summary>
    internal async Task<LoopbackResolver> DnsmasqAsync()
    {
        await starting.WaitAsync();
        try
        {
            return dnsmasq ??= await DnsmasqForwarder.StartAsync(Server.Endpoint);
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>
    /// A resolver's configuration from the README's snippet for cert.example.com, and the same again for hospital-abc.com
    /// (the alias target zone, a zone the hospital's DNS would serve), both pointing at this WildDns.
    /// </summary>
    internal static string WithTargetZone(string snippet) => snippet + "\n" + ReadmeSnippet.ForZone(snippet, "hospital-abc.com");

    public async Task DisposeAsync()
    {
        unbound?.Dispose();
        if (bind is not null)
        {
            await bind.DisposeAsync();
        }

        if (dnsmasq is not null)
        {
            await dnsmasq.DisposeAsync();
        }

        starting.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
