using System.Buffers.Binary;

namespace WildDns.Dns.Tests.Wire;

/// <summary>The fixed header of a response, read straight from the bytes (RFC 1035 §4.1.1).</summary>
internal readonly record struct ResponseHeader(ushort Id, ushort Flags, ushort Questions, ushort Answers, ushort Authorities, ushort Additionals)
{
    public bool IsResponse => (Flags & 0x8000) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    public bool Authoritative => (Flags & 0x0400) != 0;

    public bool Truncated => (Flags & 0x0200) != 0;

    public bool RecursionDesired => (Flags & 0x0100) != 0;

    public bool RecursionAvailable => (Flags & 0x0080) != 0;

    public bool CheckingDisabled => (Flags & 0x0010) != 0;

    /// <summary>The low four bits of the rcode; EDNS keeps the upper eight in the OPT record.</summary>
    public int ResponseCode => Flags & 0xF;

    public static ResponseHeader Read(ReadOnlySpan<byte> message) => new(
        BinaryPrimitives.ReadUInt16BigEndian(message),
        BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
        BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
        BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
        BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
        BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
}
