namespace WildDns.Control.Challenges;

/// <summary>
/// Orders live values by when they expire, then by name and value, so that each value has one place in
/// <see cref="ChallengeStore"/>'s expiry index: the earliest is found, added and removed in O(log n), never by a walk over all.
/// </summary>
internal sealed class ExpiryOrder : IComparer<PublishedChallenge>
{
    public static ExpiryOrder Instance { get; } = new();

    public int Compare(PublishedChallenge x, PublishedChallenge y)
    {
        var byTime = x.ExpiresAt.UtcTicks.CompareTo(y.ExpiresAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byName = string.CompareOrdinal(x.Name, y.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Value, y.Value);
    }
}
