using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using WildDns.Registration.Registry;
using WildDns.Registration.Workflow;

namespace WildDns.Hosting;

/// <summary>
/// The registrar's <c>/health/ready</c>: ready when the registry answers and the server is not stopping, so that a load
/// balancer sends EST only to a registrar that can accept and record an enrollment. The description counts the open
/// enrollments and those the CA is working on.
/// </summary>
public sealed class RegistrarReadinessCheck(IDeviceRegistry registry, EnrollmentWorkflow workflow, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the registrar is stopping");
        }

        try
        {
            var open = await registry.ListOpenEnrollmentsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{open.Count} enrollments open, {workflow.InFlight} with the CA");
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"the registry does not answer: {e.Message}");
        }
    }
}
