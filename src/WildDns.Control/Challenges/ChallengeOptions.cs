namespace WildDns.Control.Challenges;

/// <summary>Settings of the challenge store, bound from <c>WildDns:Challenges</c>.</summary>
public sealed class ChallengeOptions
{
    public const string SectionName = "WildDns:Challenges";

    /// <summary>10,000: far more than the orders in flight of a large fleet, a few megabytes of memory.</summary>
    public const int DefaultMaxValues = 10_000;

    /// <summary>How long a value lives unless it is published again or removed (SPEC §5: one hour). Written as hh:mm:ss.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many values one name may hold at once. A wildcard and its base name need two, concurrent orders a few more;
    /// the cap keeps every TXT answer within one 1232-octet UDP message.
    /// </summary>
    public int MaxValuesPerName { get; set; } = 8;

    /// <summary>
    /// How many values may be live across all names at once. Each certificate order needs one or two for minutes; the cap
    /// keeps one careless or hostile credential from filling memory and the archive (publishing is refused beyond it).
    /// </summary>
    public int MaxValues { get; set; } = DefaultMaxValues;
}
