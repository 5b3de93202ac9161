using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using WildDns.Control.Challenges;

namespace WildDns.Telemetry;

/// <summary>
/// The <c>WildDns.Control</c> meter: control-plane calls by method and gRPC status, and the challenge values published.
/// Registered as a global gRPC interceptor, which runs before the service's own authentication, so refused calls count too.
/// </summary>
public sealed class ControlMetrics : Interceptor
{
    public const string MeterName = WildDns.Control.Hosting.ControlPlaneServiceCollectionExtensions.MeterName;

    private readonly Counter<long> calls;

    public ControlMetrics(IMeterFactory meterFactory, ChallengeStore store)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(store);
        var meter = meterFactory.Create(MeterName);
        calls = meter.CreateCounter<long>("wilddns.control.calls", "{call}", "Control-plane calls, by method and gRPC status.");
        meter.CreateObservableGauge("wilddns.challenges.published", () => store.PublishedCount, "{value}", "Challenge values being answered.");
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Count(context, context.Status.StatusCode);
            return response;
        }
        catch (RpcException e)
        {
            Count(context, e.StatusCode);
            throw;
        }
        catch (Exception)
        {
            Count(context, StatusCode.Unknown);
            throw;
        }
    }

    /// <summary>Tags follow OpenTelemetry's RPC conventions: <c>/pkg.Service/Method</c> → <c>rpc.service</c>, <c>rpc.method</c>.</summary>
    private void Count(ServerCallContext context, StatusCode status)
    {
        var path = context.Method.AsSpan().TrimStart('/');
        var slash = path.IndexOf('/');
        var service = slash < 0 ? string.Empty : path[..slash].ToString();
        var method = slash < 0 ? path.ToString() : path[(slash + 1)..].ToString();
        calls.Add(
            1,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.service", service),
            new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status));
    }
}
