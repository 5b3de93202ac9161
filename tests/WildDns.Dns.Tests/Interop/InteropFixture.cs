using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// WildDns serving the shipped zone plus hospital-abc.com, the zone that the alias names point into, so that a
/// resolver can follow a synthesized CNAME to its end without leaving the machine. Unbound starts on first use only,
/// so that skipped tests need no unbound.
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

    internal TestServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public Task InitializeAsync()
    {
        server = TestServer.Start(catalog: ShippedZones.Load(("hospital-abc.com", TargetZoneText)));
        return Task.CompletedTask;
    }

    /// <summary>Unbound with stub zones for cert.example.com and hospital-abc.com, both at WildDns.</summary>
    internal async Task<UnboundResolver> UnboundAsync()
    {
        await starting.WaitAsync();
        try
        {
            return unbound ??= await UnboundResolver.StartAsync([("cert.example.com", Server.Endpoint), ("hospital-abc.com", Server.Endpoint)]);
        }
        finally
        {
            starting.Release();
        }
    }

    public async Task DisposeAsync()
    {
        unbound?.Dispose();
        starting.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
