namespace WildDns.Dns.Updates;

/// <summary>One record of the prerequisite or update section (RFC 2136 §2.4, §2.5); the name lower case, no root dot.</summary>
internal readonly record struct UpdateRecord(string Name, ushort Type, ushort Class, uint Ttl, byte[] Data);
