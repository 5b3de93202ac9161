using Grpc.Core;

namespace WildDns.Control.Authentication;

/// <summary>Who made an authenticated call, for the change log: the credential's holder (never its secret) and the peer.</summary>
internal static class ControlCaller
{
    /// <summary>E.g. <c>certificate CN=registrar (thumbprint 3F2A...) from ipv4:10.0.0.5:41234</c> or <c>token registrar from ipv4:127.0.0.1:50312</c>.</summary>
    public static string Describe(ServerCallContext context) => $"{ControlCredential.Of(context).Holder} from {context.Peer}";
}
