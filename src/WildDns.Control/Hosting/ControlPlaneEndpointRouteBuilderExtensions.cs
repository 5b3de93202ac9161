using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using WildDns.Control.Service;

namespace WildDns.Control.Hosting;

/// <summary>Maps the control plane's gRPC service: <c>app.MapWildDnsControlPlane()</c>.</summary>
public static class ControlPlaneEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>wilddns.control.v1.ChallengeService</c>. Calls arriving on a listener other than the control port are
    /// refused by the service's authentication, so mapping it application-wide is safe.
    /// </summary>
    public static IEndpointConventionBuilder MapWildDnsControlPlane(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGrpcService<ChallengeControlService>();
    }
}
