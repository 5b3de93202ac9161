namespace WildDns.Fuzz;

/// <summary>A clock that always reads the same second, so an input signed by <see cref="FuzzInput"/> verifies and every run of an input takes the same path.</summary>
internal sealed class FixedClock : TimeProvider
{
    /// <summary>The second nsupdate signed the seed corpus's captured UPDATE at (2026-12-02 06:36:13 UTC), so that it verifies.</summary>
    public const long Seconds = 1_796_193_373;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Seconds);
}
