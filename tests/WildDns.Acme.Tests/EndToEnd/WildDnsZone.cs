using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Acme.Tests.EndToEnd;

/// <summary>
/// One real <c>wilddns serve</c> for every end-to-end test here, serving the shipped zone and <c>example.test</c>, where the
/// tests publish the DNS-01 values that pebble looks up. Values are published through the control plane, as the
/// registrar does.
/// </summary>
public sealed class WildDnsZone : IAsyncLifetime
{
    public const string Origin = "example.test";

    private const string ZoneFile = """
        $ORIGIN example.test.
        $TTL 3600
        @   IN SOA ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 60
        @   IN NS  ns1.example.test.
        ns1 IN A   127.0.0.1
        """;

    private readonly string zones = Directory.CreateTempSubdirectory("wilddns-acme-zones-").FullName;
    private ServerProcess? server;

    public ServerProcess Server => server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync()
    {
        if (ExternalTool.SkipReason(("pebble", "pebble")) is not null)
        {
            return;
        }

        File.Copy(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone"), Path.Combine(zones, "cert.example.com.zone"));
        await File.WriteAllTextAsync(Path.Combine(zones, $"{Origin}.zone"), ZoneFile);
        server = await ServerProcess.StartAsync(extraArguments: ["--zones", zones]);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(zones, recursive: true);
    }
}
