namespace WildDns.Registration.Secrets;

/// <summary>What the registry keeps of a device's one-time secret: never the secret, only its digest and its life.</summary>
/// <param name="Digest">SHA-256 of the secret (<see cref="OneTimeSecret.Digest"/>).</param>
/// <param name="SpentAt">When a certificate obtained with it was delivered; null while unused.</param>
/// <param name="SpentOn">The enrollment whose delivery spent it: repeating that very request still gets its certificate.</param>
/// <param name="Failures">Wrong secrets presented since the last success or lockout.</param>
/// <param name="LockedUntil">No secret is checked before this instant, after too many failures.</param>
public sealed record SecretState(
    byte[] Digest, DateTimeOffset ExpiresAt, DateTimeOffset? SpentAt = null, long? SpentOn = null, int Failures = 0, DateTimeOffset? LockedUntil = null)
{
    /// <summary>A fresh, unused secret's state.</summary>
    public static SecretState For(string secret, DateTimeOffset expiresAt) => new(OneTimeSecret.Digest(secret), expiresAt);
}
