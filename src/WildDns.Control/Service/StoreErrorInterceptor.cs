using Grpc.Core;
using Grpc.Core.Interceptors;
using WildDns.Control.Challenges;
using WildDns.Core.Challenges;

namespace WildDns.Control.Service;

/// <summary>
/// Answers the shared store's failures with the gRPC status that says what happened: UNAVAILABLE when the store cannot be
/// reached (nothing changed; retrying later is right), DEADLINE_EXCEEDED when the change is stored but some replicas did
/// not serve it in time (gRPC allows that status for a change that was made; the message names the replicas).
/// </summary>
internal sealed class StoreErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (ChallengeStoreUnavailableException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, exception.Message));
        }
        catch (ReplicasBehindException exception)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, exception.Message));
        }
    }
}
