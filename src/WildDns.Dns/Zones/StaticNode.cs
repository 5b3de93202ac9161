namespace WildDns.Dns.Zones;

/// <summary>A name that the zone file mentions: with record sets, or with none as an ancestor of names that have some.</summary>
internal sealed class StaticNode(StaticRecordSet[] sets)
{
    public StaticRecordSet[] Sets { get; } = sets;

    /// <summary>True for a name that exists only because names below it have records (RFC 8020).</summary>
    public bool IsEmptyNonTerminal => Sets.Length == 0;

    public StaticRecordSet? Find(ushort type)
    {
        foreach (var set in Sets)
        {
            if (set.Type == type)
            {
                return set;
            }
        }

        return null;
    }
}
