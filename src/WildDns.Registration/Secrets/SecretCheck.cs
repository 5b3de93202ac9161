namespace WildDns.Registration.Secrets;

/// <summary>Checks a presented secret against its stored state: pure, so the rules are tested without a registry or a clock.</summary>
public static class SecretCheck
{
    /// <summary>
    /// The verdict on <paramref name="presented"/>, and the state to store afterwards (failures counted, a lock set after
    /// <see cref="SecretPolicy.MaxFailures"/> wrong secrets in a row, the count cleared on a match).
    /// </summary>
    public static (SecretVerdict Verdict, SecretState State) Check(SecretState state, string presented, DateTimeOffset now, SecretPolicy policy)
    {
        if (state.LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            return (SecretVerdict.Locked, state);
        }

        if (!OneTimeSecret.Matches(state.Digest, presented))
        {
            var failures = state.Failures + 1;
            return failures >= policy.MaxFailures
                ? (SecretVerdict.Wrong, state with { Failures = 0, LockedUntil = now + policy.Lockout })
                : (SecretVerdict.Wrong, state with { Failures = failures });
        }

        var cleared = state with { Failures = 0, LockedUntil = null };
        if (state.SpentAt is not null)
        {
            return (SecretVerdict.Spent, cleared);
        }

        return now >= state.ExpiresAt ? (SecretVerdict.Expired, cleared) : (SecretVerdict.Accepted, cleared);
    }
}
