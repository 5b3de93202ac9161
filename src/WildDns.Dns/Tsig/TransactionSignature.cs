using System.Buffers.Binary;
using System.Security.Cryptography;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Tsig;

/// <summary>
/// Checks the TSIG of a request and signs the response (RFC 8945). This path allocates: it runs for the rare signed
/// message only (UPDATE and the zone lookups ACME clients make before it), never for a plain query.
/// </summary>
internal static class TransactionSignature
{
    /// <summary>RFC 8945 §4.2: TSIG records have class ANY and TTL 0.</summary>
    public const ushort ClassAny = 255;

    /// <summary>RFC 8945 §10: 300 seconds is the recommended fudge.</summary>
    public const ushort ResponseFudge = 300;

    /// <summary>
    /// The widest time window this server grants, whatever Fudge a request asks for: a client-chosen fudge of 65535 s
    /// would let a captured message be replayed for 18 hours (RFC 8945 §10 recommends 300 s).
    /// </summary>
    public const ushort MaxFudge = 300;

    /// <summary>
    /// The bytes of the TSIG record <see cref="Sign"/> appends for <paramref name="error"/>: the names as the request
    /// spelled them, the fixed fields, the MAC (none after BADKEY or BADSIG), and the server's time after BADTIME.
    /// </summary>
    public static int SizeOf(TsigRequest request, TsigError error)
    {
        var signed = request.Key is not null && error is not (TsigError.BadKey or TsigError.BadSig);
        var mac = signed ? request.Key!.MacLength : 0;
        var other = error == TsigError.BadTime ? 6 : 0;
        return request.KeyNameWire.Length + 10 + request.AlgorithmWire.Length + 16 + mac + other;
    }

    /// <summary>Reads the TSIG record at <paramref name="offset"/>; false when it is malformed (FORMERR, RFC 8945 §5.2).</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int offset, out TsigRequest? request)
    {
        request = null;
        // A name is at most 255 octets on the wire and 253 characters as text (RFC 1035 §3.1).
        Span<byte> keyWire = stackalloc byte[QueryParser.MaxNameLength];
        Span<char> keyText = stackalloc char[QueryParser.MaxNameLength];
        Span<byte> algorithmWire = stackalloc byte[QueryParser.MaxNameLength];
        Span<char> algorithmText = stackalloc char[QueryParser.MaxNameLength];
        var position = offset;
        if (!QueryParser.TryReadName(message, ref position, keyWire, keyText, out var keyWireLength, out var keyTextLength)
            || position + 10 > message.Length)
        {
            return false;
        }

        var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(position + 4)..]);
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
        position += 10;
        var end = position + dataLength;
        if (@class != ClassAny || ttl != 0 || end != message.Length
            || !QueryParser.TryReadName(message, ref position, algorithmWire, algorithmText, out var algorithmWireLength, out var algorithmTextLength)
            || position + 10 > end)
        {
            return false;
        }

        var timeSigned = ((long)BinaryPrimitives.ReadUInt16BigEndian(message[position..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(message[(position + 2)..]);
        var fudge = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 6)..]);
        var macLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
        position += 10;
        if (position + macLength + 6 > end)
        {
            return false;
        }

        var mac = message.Slice(position, macLength).ToArray();
        position += macLength;
        var originalId = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
        var otherLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 4)..]);
        if (position + 6 + otherLength != end)
        {
            return false;
        }

        request = new TsigRequest
        {
            KeyNameWire = keyWire[..keyWireLength].ToArray(),
            KeyName = new string(keyText[..keyTextLength]),
            AlgorithmWire = algorithmWire[..algorithmWireLength].ToArray(),
            AlgorithmName = new string(algorithmText[..algorithmTextLength]),
            TimeSigned = timeSigned,
            Fudge = fudge,
            Mac = mac,
            OriginalId = originalId,
            Error = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]),
            OtherData = message.Slice(position + 6, otherLength).ToArray(),
        };
        return true;
    }

    /// <summary>
    /// RFC 8945 §5.2: the key (BADKEY), then the MAC (BADSIG; a MAC of illegal length is FORMERR), then the time
    /// (BADTIME: more than the request's Fudge, at most <see cref="MaxFudge"/>, from <paramref name="now"/>). On success or
    /// BADTIME/BADTRUNC <see cref="TsigRequest.Key"/> is set, so the response can be signed.
    /// </summary>
    public static TsigError Verify(ReadOnlySpan<byte> message, int tsigOffset, TsigRequest request, TsigKeyRing keys, long now, out bool formatError)
    {
        formatError = false;
        var key = keys.Find(request.KeyName);
        if (key is null || request.AlgorithmName != TsigNames.Of(key.Algorithm))
        {
            return TsigError.BadKey;
        }

        // RFC 8945 §5.2.2.1: longer than the hash, or shorter than both 10 octets and half the hash, is malformed.
        if (request.Mac.Length > key.MacLength || request.Mac.Length < Math.Max(10, key.MacLength / 2))
        {
            formatError = true;
            return TsigError.BadSig;
        }

        // RFC 8945 §4.3.1: the request as sent minus the TSIG record, with the original ID and ARCOUNT, then the TSIG variables.
        var unsigned = message[..tsigOffset].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(unsigned, request.OriginalId);
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10)) - 1));
        var digest = Concat([], unsigned, Variables(key, request.TimeSigned, request.Fudge, request.Error, request.OtherData));
        var expected = key.ComputeMac(digest);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, request.Mac.Length), request.Mac))
        {
            return TsigError.BadSig;
        }

        request.Key = key;
        if (Math.Abs(now - request.TimeSigned) > Math.Min(request.Fudge, MaxFudge))
        {
            return TsigError.BadTime;
        }

        // This server's policy asks for the whole MAC; a shorter one that verifies gets BADTRUNC (RFC 8945 §5.2.2.1).
        return request.Mac.Length < key.MacLength ? TsigError.BadTrunc : TsigError.NoError;
    }

    /// <summary>
    /// Appends a TSIG record to the response in <paramref name="response"/>[..<paramref name="length"/>] and counts it in
    /// ARCOUNT; returns the new length. RFC 8945 §5.3.2: after BADKEY or BADSIG the record carries the error and no MAC
    /// (an unsigned answer); otherwise the response is signed over the request MAC, the response and the TSIG
    /// variables (§4.3.2), and a BADTIME answer carries the request's Time Signed and the server's clock in Other Data (§5.2.3).
    /// </summary>
    public static int Sign(Span<byte> response, int length, TsigRequest request, TsigError error, long now)
    {
        var key = request.Key;
        var signed = key is not null && error is not (TsigError.BadKey or TsigError.BadSig);
        var timeSigned = signed && error != TsigError.BadTime ? now : request.TimeSigned;
        var fudge = signed ? ResponseFudge : request.Fudge;
        byte[] other = [];
        if (error == TsigError.BadTime)
        {
            other = new byte[6];
            WriteTime(other, now);
        }

        byte[] mac = [];
        if (signed)
        {
            var requestMac = new byte[2 + request.Mac.Length];
            BinaryPrimitives.WriteUInt16BigEndian(requestMac, (ushort)request.Mac.Length);
            request.Mac.CopyTo(requestMac, 2);
            mac = key!.ComputeMac(Concat(requestMac, response[..length], Variables(key, timeSigned, fudge, (ushort)error, other)));
        }

        var position = length;
        request.KeyNameWire.CopyTo(response[position..]);
        position += request.KeyNameWire.Length;
        BinaryPrimitives.WriteUInt16BigEndian(response[position..], DnsFlags.TypeTsig);
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 2)..], ClassAny);
        BinaryPrimitives.WriteUInt32BigEndian(response[(position + 4)..], 0);
        var dataLengthAt = position + 8;
        position += 10;
        var dataStart = position;
        request.AlgorithmWire.CopyTo(response[position..]);
        position += request.AlgorithmWire.Length;
        WriteTime(response[position..], timeSigned);
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 6)..], fudge);
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 8)..], (ushort)mac.Length);
        position += 10;
        mac.CopyTo(response[position..]);
        position += mac.Length;
        BinaryPrimitives.WriteUInt16BigEndian(response[position..], BinaryPrimitives.ReadUInt16BigEndian(response));
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 2)..], (ushort)error);
        BinaryPrimitives.WriteUInt16BigEndian(response[(position + 4)..], (ushort)other.Length);
        position += 6;
        other.CopyTo(response[position..]);
        position += other.Length;
        BinaryPrimitives.WriteUInt16BigEndian(response[dataLengthAt..], (ushort)(position - dataStart));
        BinaryPrimitives.WriteUInt16BigEndian(response[10..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(response[10..]) + 1));
        return position;
    }

    /// <summary>RFC 8945 §4.3.3: key name and algorithm in canonical form, class, TTL, time, fudge, error, other data.</summary>
    private static byte[] Variables(TsigKey key, long timeSigned, ushort fudge, ushort error, ReadOnlySpan<byte> other)
    {
        var variables = new byte[key.NameWire.Length + 6 + key.AlgorithmWire.Length + 12 + other.Length];
        var position = 0;
        key.NameWire.CopyTo(variables, position);
        position += key.NameWire.Length;
        BinaryPrimitives.WriteUInt16BigEndian(variables.AsSpan(position), ClassAny);
        // Stryker disable once Statement: the array is new, so the TTL is 0 already; written for the reader.
        BinaryPrimitives.WriteUInt32BigEndian(variables.AsSpan(position + 2), 0);
        position += 6;
        key.AlgorithmWire.CopyTo(variables, position);
        position += key.AlgorithmWire.Length;
        WriteTime(variables.AsSpan(position), timeSigned);
        BinaryPrimitives.WriteUInt16BigEndian(variables.AsSpan(position + 6), fudge);
        BinaryPrimitives.WriteUInt16BigEndian(variables.AsSpan(position + 8), error);
        BinaryPrimitives.WriteUInt16BigEndian(variables.AsSpan(position + 10), (ushort)other.Length);
        other.CopyTo(variables.AsSpan(position + 12));
        return variables;
    }

    private static void WriteTime(Span<byte> destination, long seconds)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(seconds >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)seconds);
    }

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        var all = new byte[first.Length + second.Length + third.Length];
        first.CopyTo(all);
        second.CopyTo(all.AsSpan(first.Length));
        third.CopyTo(all.AsSpan(first.Length + second.Length));
        return all;
    }
}
