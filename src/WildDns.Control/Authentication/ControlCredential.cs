using Grpc.Core;
using WildDns.Core.Challenges;

namespace WildDns.Control.Authentication;

/// <summary>
/// Who an authenticated call came from and what it may change: <see cref="Holder"/> names the credential for the change log
/// (<c>token registrar</c>, <c>certificate CN=registrar (thumbprint ...)</c>), never its secret.
/// </summary>
public sealed record ControlCredential(string Holder, ChallengeScopes Scopes)
{
    private const string Key = "wilddns.credential";

    /// <summary>The credential <see cref="ControlAuthenticator.Demand"/> accepted for this call.</summary>
    public static ControlCredential Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(Key, out var credential) && credential is ControlCredential found
            ? found
            : throw new InvalidOperationException("The call was not authenticated before its handler ran.");
    }

    internal void AttachTo(ServerCallContext context) => context.UserState[Key] = this;
}
