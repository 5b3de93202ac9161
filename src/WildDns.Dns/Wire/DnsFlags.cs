namespace WildDns.Dns.Wire;

/// <summary>Header flag bits and codes (RFC 1035 §4.1.1, RFC 6895).</summary>
internal static class DnsFlags
{
    public const ushort Response = 0x8000;
    public const ushort Authoritative = 0x0400;
    public const ushort Truncated = 0x0200;
    public const ushort RecursionDesired = 0x0100;
    public const ushort CheckingDisabled = 0x0010;
    public const ushort OpcodeMask = 0x7800;

    public const int OpcodeQuery = 0;
    public const int OpcodeUpdate = 5;

    public const ushort ClassInternet = 1;
    public const ushort TypeOpt = 41;
    public const ushort TypeTkey = 249;
    public const ushort TypeTsig = 250;
    public const ushort TypeIxfr = 251;
    public const ushort TypeAxfr = 252;
    public const ushort TypeMailB = 253;
    public const ushort TypeMailA = 254;
    public const ushort TypeSoa = 6;
    public const ushort TypeNs = 2;
}
