using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using WildDns.Control.Authentication;

namespace WildDns.Control.Service;

/// <summary>
/// Wraps every control-plane call: authenticates it (<see cref="ControlAuthenticator.Demand"/>) and attaches its
/// <see cref="ControlCredential"/>; turns a handler's exception into the status that says what happened
/// (<see cref="StatusCode.Unavailable"/> when the store cannot record a change or the server is stopping,
/// <see cref="StatusCode.Internal"/> otherwise), never gRPC's bare <c>Unknown</c>; logs each failure once and counts it in
/// <c>wilddns.control.failures</c>; and logs refused calls as warnings, at most <see cref="WarningsPerMinute"/> a minute.
/// </summary>
internal sealed partial class ControlCallGuard : Interceptor
{
    /// <summary>Refusals (and failures) logged per minute before the rest are only counted.</summary>
    public const int WarningsPerMinute = 10;

    private readonly ControlAuthenticator authenticator;
    private readonly ILogger<ControlCallGuard> logger;
    private readonly LogThrottle refusals;
    private readonly LogThrottle failuresLog;
    private readonly Counter<long> failures;

    public ControlCallGuard(ControlAuthenticator authenticator, TimeProvider time, IMeterFactory meterFactory, ILogger<ControlCallGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.authenticator = authenticator;
        this.logger = logger;
        refusals = new LogThrottle(time, WarningsPerMinute, TimeSpan.FromMinutes(1));
        failuresLog = new LogThrottle(time, WarningsPerMinute, TimeSpan.FromMinutes(1));
        failures = meterFactory.Create(MeterName).CreateCounter<long>(
            "wilddns.control.failures", "{call}", "Control-plane calls that failed inside the server, by error.type (the exception's type).");
    }

    /// <summary>The meter of the control plane, shared with the host's call metrics.</summary>
    public const string MeterName = "WildDns.Control";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var holder = "no credential";
        try
        {
            var credential = authenticator.Demand(context);
            holder = credential.Holder;
            credential.AttachTo(context);
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogRefusal(context, holder, e.Status);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Contain(context, holder, e);
        }
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        authenticator.Demand(context).AttachTo(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        authenticator.Demand(context).AttachTo(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        authenticator.Demand(context).AttachTo(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>The status a caller can act on: Unavailable means try again later or elsewhere, Internal means a fault here.</summary>
    internal static Status StatusOf(Exception exception) => exception switch
    {
        ObjectDisposedException => new(StatusCode.Unavailable, "The server is shutting down; nothing was changed. Try again shortly or at another nameserver."),
        SqliteException or IOException or UnauthorizedAccessException => new(
            StatusCode.Unavailable,
            $"The challenge store could not record the change ({exception.Message.ReplaceLineEndings(" ")}); nothing was changed. Try again later."),
        _ => new(StatusCode.Internal, $"The server failed on this call ({exception.GetType().Name}); its log has the details."),
    };

    private RpcException Contain(ServerCallContext context, string holder, Exception exception)
    {
        var status = StatusOf(exception);
        failures.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().FullName));
        if (failuresLog.TryEnter(out var heldBack))
        {
            LogFailure(exception, context.Method, context.Peer, holder, status.StatusCode, heldBack);
        }

        return new RpcException(status);
    }

    private void LogRefusal(ServerCallContext context, string holder, Status status)
    {
        if (refusals.TryEnter(out var heldBack))
        {
            LogRefused(context.Method, context.Peer, holder, status.StatusCode, status.Detail, heldBack);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Refused control call {Method} from {Peer} ({Holder}): {StatusCode}: {Detail} ({HeldBack} similar warnings held back before this one)")]
    private partial void LogRefused(string method, string peer, string holder, StatusCode statusCode, string detail, int heldBack);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error,
        Message = "Control call {Method} from {Peer} ({Holder}) failed and was answered {StatusCode} ({HeldBack} similar failures held back before this one)")]
    private partial void LogFailure(Exception exception, string method, string peer, string holder, StatusCode statusCode, int heldBack);
}
