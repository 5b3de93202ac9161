namespace WildDns.Dns.Zones;

/// <summary>One served zone as a start-up or reload log names it: its origin (lower case, no root dot) and how many records its zone file holds.</summary>
public readonly record struct ZoneSummary(string Origin, int StaticRecords)
{
    /// <summary>"cert.example.com (11 static records)".</summary>
    public override string ToString() => $"{Origin} ({StaticRecords} static record{(StaticRecords == 1 ? "" : "s")})";
}
