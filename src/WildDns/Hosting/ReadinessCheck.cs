using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using WildDns.Control.Challenges;
using WildDns.Dns.Answers;

namespace WildDns.Hosting;

/// <summary>
/// <c>/health/ready</c>: ready when zones are loaded, the DNS listeners are bound and the challenge store is open, and not
/// once the server is stopping, so that a load balancer stops sending before the listeners close. A replica that cannot
/// reach the shared store is degraded, not unready: it keeps answering DNS from memory (SPEC §6), which is what a load
/// balancer should keep sending it; the description says what is wrong, and HTTP still answers 200.
/// </summary>
public sealed class ReadinessCheck(AnswerEngine engine, DnsHostedService dns, ChallengeStore store, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var zones = engine.Catalog.Policy.Zones.Count;
        var result = zones == 0 ? HealthCheckResult.Unhealthy("no zone is loaded")
            : dns.Server is not { IsListening: true } ? HealthCheckResult.Unhealthy("the DNS listeners are not bound")
            : !store.IsOpen ? HealthCheckResult.Unhealthy("the challenge store is closed")
            : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("the server is stopping")
            : store.Unavailable is { } reason ? HealthCheckResult.Degraded(
                $"the challenge store is unavailable ({reason}): DNS answers the values it holds, publishes fail until the store returns")
            : HealthCheckResult.Healthy($"{zones} zones; DNS on {string.Join(", ", dns.Server.BoundEndpoints)}");
        return Task.FromResult(result);
    }
}
