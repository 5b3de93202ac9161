namespace WildDns.Dns.Wire;

/// <summary>The record sections of a message (RFC 1035 §4.1).</summary>
internal enum DnsSection
{
    Answer,
    Authority,
    Additional,
}
