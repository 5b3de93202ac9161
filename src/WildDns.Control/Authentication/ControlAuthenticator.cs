using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Control.Hosting;

namespace WildDns.Control.Authentication;

/// <summary>
/// Decides whether a control-plane call may proceed: a bearer token equal to the configured (or generated) one,
/// or a client certificate that Kestrel already checked against <see cref="ControlPlaneOptions.ClientCa"/>. Thread-safe.
/// </summary>
public sealed class ControlAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? tokenDigest;
    private readonly bool acceptsClientCertificates;
    private readonly int controlPort;
    private readonly ILogger<ControlAuthenticator> logger;

    public ControlAuthenticator(IOptions<ControlPlaneOptions> options, ILogger<ControlAuthenticator> logger)
    {
        var settings = options.Value;
        this.logger = logger;
        acceptsClientCertificates = !string.IsNullOrWhiteSpace(settings.ClientCa);
        controlPort = settings.Port;

        var token = settings.Token;
        if (string.IsNullOrEmpty(token) && settings.ListensOnLoopbackOnly)
        {
            token = ControlTokenFile.LoadOrCreate(settings.TokenFilePath, settings.TokenGroupReadable);
            TokenFilePath = Path.GetFullPath(settings.TokenFilePath);
            logger.LogInformation("The control plane's bearer token is in {TokenFile}", TokenFilePath);
        }

        // Comparing fixed-length digests in constant time hides both the token's contents and its length.
        tokenDigest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>The generated token's file, when the token came from there rather than from configuration.</summary>
    public string? TokenFilePath { get; }

    /// <summary>Throws the <see cref="RpcException"/> the client should see unless the call is authenticated.</summary>
    public void Demand(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;

        // The gRPC service is mapped on the whole application; calls that came in on another listener (metrics, health)
        // would bypass the loopback-only decision that justified a generated token.
        if (controlPort != 0 && connection.LocalPort != controlPort)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The control plane answers on port {controlPort} only."));
        }

        if (acceptsClientCertificates && connection.ClientCertificate is not null)
        {
            return;
        }

        var authorization = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            throw Unauthenticated(context, "The call carries no credential: send the header 'authorization: Bearer <token>' with the control plane's token"
                + (acceptsClientCertificates ? ", or a client certificate." : "."));
        }

        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthenticated(context, "The authorization header must read 'Bearer <token>'.");
        }

        if (tokenDigest is null)
        {
            throw Unauthenticated(context, "This control plane accepts client certificates only.");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(BearerPrefix.Length).Trim().ToString()));
        if (!CryptographicOperations.FixedTimeEquals(presented, tokenDigest))
        {
            throw Unauthenticated(context, "The bearer token is not the control plane's token.");
        }
    }

    private RpcException Unauthenticated(ServerCallContext context, string message)
    {
        logger.LogWarning("Refused an unauthenticated control call {Method} from {Peer}: {Reason}", context.Method, context.Peer, message);
        return new RpcException(new Status(StatusCode.Unauthenticated, message));
    }
}
