using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Dns.Answers;
using WildDns.Dns.RateLimiting;
using WildDns.Dns.Transport;
using WildDns.Dns.Tsig;

namespace WildDns.Hosting;

/// <summary>Runs the DNS listeners for the lifetime of the host, and says at start what they serve: zones, static records, TSIG key names.</summary>
public sealed partial class DnsHostedService(
    AnswerEngine engine,
    IOptions<DnsSettings> settings,
    ILogger<DnsHostedService> logger,
    IAnswerObserver? observer = null,
    ZoneCatalogSource? zoneSource = null,
    TsigKeyRing? tsigKeys = null,
    ReflectionGuard? guard = null)
    : IHostedService, IAsyncDisposable
{
    private DnsServer? server;

    public DnsServer? Server => server;

    /// <summary>
    /// Binds the DNS ports before the host starts, so that a port another process holds stops the start with one line
    /// naming it (<see cref="DnsBindException"/>) rather than with the host's own error log. Serving begins at start.
    /// </summary>
    public void Bind()
    {
        if (server is not null)
        {
            return;
        }

        var dns = settings.Value;
        var addresses = dns.Listen.Count > 0 ? dns.Listen.Select(IPAddress.Parse).ToArray() : [IPAddress.Loopback, IPAddress.IPv6Loopback];
        var options = new DnsServerOptions
        {
            Endpoints = addresses.Select(address => new IPEndPoint(address, dns.Port)).ToArray(),
            TcpIdleTimeout = TimeSpan.FromSeconds(dns.TcpIdleTimeoutSeconds),
            MaxTcpConnections = dns.MaxTcpConnections,
            MaxTcpConnectionsPerSource = dns.MaxTcpConnectionsPerSource,
            TcpReservedPercent = dns.TcpReservedPercent,
            UdpReceiversPerSocket = dns.UdpReceivers > 0 ? dns.UdpReceivers : Environment.ProcessorCount,
            Guard = guard,
        };
        LogZones(zoneSource?.Directory ?? "memory", string.Join(", ", engine.Catalog.Summaries));
        LogTsigKeys(tsigKeys);
        var bound = new DnsServer(engine, options, observer);
        foreach (var skipped in bound.Bind())
        {
            logger.LogWarning("Skipped a DNS endpoint this host cannot bind: {Endpoint}", skipped);
        }

        server = bound;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Bind();
        server!.Start();
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

    /// <summary>Key names, algorithms and scopes only: a secret never reaches a log.</summary>
    private void LogTsigKeys(TsigKeyRing? keys)
    {
        if (keys is null || keys.Count == 0)
        {
            LogNoTsigKeys();
            return;
        }

        var described = keys.Keys
            .OrderBy(key => key.Name, StringComparer.Ordinal)
            .Select(key => $"{key.Name} ({TsigNames.Of(key.Algorithm)}, {(key.Scopes.Count == 0 ? "every zone" : "scopes " + string.Join(' ', key.Scopes))})");
        LogTsigKeyNames(string.Join(", ", described));
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Zones loaded from {Directory}: {Zones}")]
    private partial void LogZones(string directory, string zones);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "TSIG keys for RFC 2136 UPDATE: {Keys}")]
    private partial void LogTsigKeyNames(string keys);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "No TSIG keys configured (WildDns:Tsig): RFC 2136 UPDATE is refused")]
    private partial void LogNoTsigKeys();
}
