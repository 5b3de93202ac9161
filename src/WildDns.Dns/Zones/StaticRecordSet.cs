namespace WildDns.Dns.Zones;

/// <summary>
/// The records of one type at one name from a zone file, pre-encoded as (type, class, TTL, length, RDATA) runs
/// without owner names, plus the glue that goes into the additional section with them.
/// </summary>
internal sealed record StaticRecordSet(ushort Type, int Count, byte[] Records, int GlueCount, byte[] Glue);
