namespace WildDns.Control.Challenges;

/// <summary>Settings of the challenge store, bound from <c>WildDns:Challenges</c>.</summary>
public sealed class ChallengeOptions
{
    public const string SectionName = "WildDns:Challenges";

    /// <summary>How long a value lives unless it is published again or removed (SPEC §5: one hour). Written as hh:mm:ss.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many values one name may hold at once. A wildcard and its base name need two, concurrent orders a few more;
    /// the cap keeps every TXT answer within one 1232-octet UDP message.
    /// </summary>
    public int MaxValuesPerName { get; set; } = 8;
}
