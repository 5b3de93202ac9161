using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WildDns.Dns.Transport;
using WildDns.Hosting;
using WildDns.Testing;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary><c>/health/ready</c> says ready only once the DNS listeners are bound (with zones loaded and the store open).</summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("wilddns-ready-").FullName;
    private readonly int opsPort = FreePorts.Next();

    [Fact]
    public async Task Not_ready_before_start_and_ready_once_the_listeners_are_bound()
    {
        await using var app = WildDnsHost.Build(Arguments(dnsPort: 0));

        var before = await CheckAsync(app);
        await app.StartAsync();
        var after = await CheckAsync(app);
        var overHttp = await GetReadyAsync(new Uri($"http://127.0.0.1:{opsPort}"));
        await app.StopAsync();

        before.Status.Should().Be(HealthStatus.Unhealthy);
        before.Entries.Single().Value.Description.Should().Contain("not bound");
        after.Status.Should().Be(HealthStatus.Healthy);
        overHttp.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void Never_built_when_the_DNS_port_is_taken()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // The ports are bound as the host is built, so a taken one stops the start before anything serves.
        var build = () => WildDnsHost.Build(Arguments(((IPEndPoint)taken.LocalEndPoint!).Port));

        build.Should().Throw<DnsBindException>().WithMessage($"*{taken.LocalEndPoint}*");
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private static Task<HealthReport> CheckAsync(WebApplication app) =>
        app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));

    private static async Task<HttpStatusCode> GetReadyAsync(Uri operations)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(operations, WildDnsOperations.ReadyPath))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private string[] Arguments(int dnsPort) =>
    [
        "--dns-port", dnsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--listen", "127.0.0.1",
        "--control-port", "0",
        "--ops-port", opsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--data", dataDirectory,
        "--zones", RepositoryLayout.ZonesDirectory,
    ];
}
