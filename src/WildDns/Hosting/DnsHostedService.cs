using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Dns.Answers;
using WildDns.Dns.RateLimiting;
using WildDns.Dns.Transport;

namespace WildDns.Hosting;

/// <summary>Runs the DNS listeners for the lifetime of the host.</summary>
public sealed class DnsHostedService(
    AnswerEngine engine, IOptions<DnsSettings> settings, ILogger<DnsHostedService> logger, IAnswerObserver? observer = null, ReflectionGuard? guard = null)
    : IHostedService, IAsyncDisposable
{
    private DnsServer? server;

    public DnsServer? Server => server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dns = settings.Value;
        var addresses = dns.Listen.Count > 0 ? dns.Listen.Select(IPAddress.Parse).ToArray() : [IPAddress.Loopback, IPAddress.IPv6Loopback];
        var options = new DnsServerOptions
        {
            Endpoints = addresses.Select(address => new IPEndPoint(address, dns.Port)).ToArray(),
            TcpIdleTimeout = TimeSpan.FromSeconds(dns.TcpIdleTimeoutSeconds),
            MaxTcpConnections = dns.MaxTcpConnections,
            UdpReceiversPerSocket = dns.UdpReceivers > 0 ? dns.UdpReceivers : Environment.ProcessorCount,
            Guard = guard,
        };
        server = new DnsServer(engine, options, observer);
        foreach (var skipped in server.Start())
        {
            logger.LogWarning("Skipped a DNS endpoint this host cannot bind: {Endpoint}", skipped);
        }

        foreach (var endpoint in server.BoundEndpoints)
        {
            logger.LogInformation("Serving DNS on {Endpoint} over UDP and TCP", endpoint);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.StopAsync(TimeSpan.FromSeconds(settings.Value.ShutdownGraceSeconds)).ConfigureAwait(false);
            logger.LogInformation("DNS listeners closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
