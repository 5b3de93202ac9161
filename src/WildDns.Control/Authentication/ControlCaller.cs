using Grpc.Core;

namespace WildDns.Control.Authentication;

/// <summary>Who made an authenticated call, for the change log: the client certificate's subject, or the bearer token, and the peer.</summary>
internal static class ControlCaller
{
    /// <summary>E.g. <c>certificate CN=registrar (thumbprint 3F2A...) from ipv4:10.0.0.5:41234</c> or <c>token from ipv4:127.0.0.1:50312</c>.</summary>
    public static string Describe(ServerCallContext context)
    {
        // The same order ControlAuthenticator.Demand accepts credentials in: a checked certificate first, else the token.
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var credential = certificate is null ? "token" : $"certificate {certificate.Subject} (thumbprint {certificate.Thumbprint})";
        return $"{credential} from {context.Peer}";
    }
}
