namespace WildDns.Dns.Wire;

/// <summary>
/// The parts of a query message that the answer path needs, by value. The question name itself lives in the
/// caller's buffers: wire form with the sender's letter case, and lower-case dotted text for lookups.
/// </summary>
internal struct DnsQuery
{
    public ushort Id;
    public ushort Flags;
    public ushort QuestionType;
    public ushort QuestionClass;
    public int NameWireLength;
    public int NameTextLength;
    public int QuestionEnd;
    public bool HasEdns;
    public ushort EdnsUdpSize;
    public byte EdnsVersion;
    public bool DnssecOk;

    /// <summary>Offset of a TSIG record (RFC 8945) in the additional section; -1 when the message has none.</summary>
    public int TsigOffset;

    public readonly int Opcode => (Flags >> 11) & 0xF;

    public readonly bool RecursionDesired => (Flags & DnsFlags.RecursionDesired) != 0;

    public readonly bool CheckingDisabled => (Flags & DnsFlags.CheckingDisabled) != 0;
}
