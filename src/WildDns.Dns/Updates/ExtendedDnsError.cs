using System.Buffers.Binary;
using System.Text;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Updates;

/// <summary>Extended DNS Errors (RFC 8914): an EDNS option that says why, for a requester that sent EDNS.</summary>
internal static class ExtendedDnsError
{
    /// <summary>RFC 8914 §5.2: option code 15.</summary>
    public const ushort OptionCode = 15;

    /// <summary>RFC 8914 §4.1: none of the other codes; the text says what happened.</summary>
    public const ushort Other = 0;

    /// <summary>RFC 8914 §4.15: the server is not fully functional (here: the shared challenge store cannot be reached).</summary>
    public const ushort NotReady = 14;

    /// <summary>RFC 8914 §4.19: the request is prohibited by the server's policy.</summary>
    public const ushort Prohibited = 18;

    /// <summary>RFC 8914 §4.21: the server is not authoritative for the zone asked about.</summary>
    public const ushort NotAuthoritative = 20;

    /// <summary>RFC 8914 §4.22: the operation is not supported.</summary>
    public const ushort NotSupported = 21;

    /// <summary>
    /// A whole OPT record (RFC 6891 §6.1.2: root owner, our UDP size, the upper rcode bits) with an EDE option carrying
    /// <paramref name="infoCode"/> and, when given, <paramref name="extraText"/> in UTF-8 (RFC 8914 §2).
    /// </summary>
    public static byte[] OptRecord(ushort udpPayloadSize, int responseCode, ushort infoCode, string? extraText)
    {
        var text = extraText is null ? [] : Encoding.UTF8.GetBytes(extraText);
        var optionLength = infoCode == 0 && extraText is null ? 0 : 4 + 2 + text.Length;
        var record = new byte[11 + optionLength];
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(1), DnsFlags.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), udpPayloadSize);
        // RFC 6891 §6.1.3: EXTENDED-RCODE, the upper eight of the twelve rcode bits (response codes are never negative).
        record[5] = (byte)(responseCode / 16);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(9), (ushort)optionLength);
        if (optionLength > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), OptionCode);
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(13), (ushort)(2 + text.Length));
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(15), infoCode);
            text.CopyTo(record.AsSpan(17));
        }

        return record;
    }
}
