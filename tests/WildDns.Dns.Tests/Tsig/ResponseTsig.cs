using System.Buffers.Binary;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tsig;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>The TSIG record at the end of a response, read field by field, and the MAC a client expects of it (RFC 8945 §4.3.2).</summary>
internal sealed record ResponseTsig(byte[] Owner, byte[] Algorithm, long TimeSigned, ushort Fudge, byte[] Mac, ushort OriginalId, ushort Error, byte[] Other)
{
    /// <summary>Reads the record that starts at <paramref name="offset"/> and must end the message; names uncompressed.</summary>
    public static ResponseTsig Read(ReadOnlySpan<byte> message, int offset)
    {
        var owner = Name(message, ref offset);
        if (BinaryPrimitives.ReadUInt16BigEndian(message[offset..]) != 250 || BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]) != 255
            || BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]) != 0)
        {
            throw new InvalidDataException("not a TSIG record of class ANY and TTL 0");
        }

        var end = offset + 10 + BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        if (end != message.Length)
        {
            throw new InvalidDataException($"the record's RDLENGTH ends at {end}, the message at {message.Length}");
        }

        offset += 10;
        var algorithm = Name(message, ref offset);
        var time = ((long)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 2)..]);
        var fudge = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 6)..]);
        var macLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        offset += 10;
        var mac = message.Slice(offset, macLength).ToArray();
        offset += macLength;
        var otherLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 4)..]);
        if (offset + 6 + otherLength != end)
        {
            throw new InvalidDataException("the other data does not end the record");
        }

        return new(owner, algorithm, time, fudge, mac, BinaryPrimitives.ReadUInt16BigEndian(message[offset..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]), message.Slice(offset + 6, otherLength).ToArray());
    }

    /// <summary>
    /// RFC 8945 §4.3.2: the request MAC with its length, the response before the TSIG record (its ARCOUNT without it),
    /// then the variables: key name and algorithm lower case, class ANY, TTL 0, time, fudge, error, other data.
    /// </summary>
    public static byte[] ExpectedMac(byte[] requestMac, byte[] unsignedResponse, string keyName, ResponseTsig record, TsigAlgorithm algorithm = TsigAlgorithm.HmacSha256)
    {
        var time = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(time, (ushort)(record.TimeSigned >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(time.AsSpan(2), (uint)record.TimeSigned);
        byte[] digest =
        [
            (byte)(requestMac.Length >> 8), (byte)requestMac.Length, .. requestMac, .. unsignedResponse,
            .. QueryBuilder.EncodeName(keyName), 0, 255, 0, 0, 0, 0, .. QueryBuilder.EncodeName(TsigNames.Of(algorithm)), .. time,
            (byte)(record.Fudge >> 8), (byte)record.Fudge, (byte)(record.Error >> 8), (byte)record.Error,
            (byte)(record.Other.Length >> 8), (byte)record.Other.Length, .. record.Other,
        ];
        return SignedMessage.Mac(algorithm, CapturedSignatures.Secret, digest);
    }

    private static byte[] Name(ReadOnlySpan<byte> message, ref int offset)
    {
        var start = offset;
        while (message[offset] != 0)
        {
            offset += message[offset] + 1;
        }

        offset++;
        return message[start..offset].ToArray();
    }
}
