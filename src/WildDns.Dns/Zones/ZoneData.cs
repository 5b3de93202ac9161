namespace WildDns.Dns.Zones;

/// <summary>What the answer path needs of one zone besides its static names: the origin and the SOA for negative answers.</summary>
internal sealed class ZoneData(string origin, int originLabels, uint serial, byte[] negativeSoa)
{
    /// <summary>Lower case, without the root dot.</summary>
    public string Origin { get; } = origin;

    public int OriginLabels { get; } = originLabels;

    public uint Serial { get; } = serial;

    /// <summary>RFC 2308 §3: the SOA for the authority section of NXDOMAIN and NODATA, TTL = min(SOA TTL, MINIMUM).</summary>
    public byte[] NegativeSoa { get; } = negativeSoa;

    /// <summary>Offset of the SERIAL field within <see cref="NegativeSoa"/>, so that a changed serial can be patched in.</summary>
    public int SerialOffset { get; init; }

    /// <summary>How many records the zone file holds, SOA included.</summary>
    public int StaticRecords { get; init; }
}
