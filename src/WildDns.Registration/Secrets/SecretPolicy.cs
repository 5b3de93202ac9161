namespace WildDns.Registration.Secrets;

/// <summary>How long a secret lives and how many wrong guesses lock a certid for how long.</summary>
public sealed record SecretPolicy(TimeSpan Lifetime, int MaxFailures, TimeSpan Lockout);
