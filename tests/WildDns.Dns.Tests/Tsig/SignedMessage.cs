using System.Buffers.Binary;
using System.Security.Cryptography;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tsig;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>
/// Signs a message as a client does (RFC 8945 §4.3.1), written out here from the RFC rather than borrowed from the
/// server: the MAC covers the message as it was before the TSIG record, then the TSIG variables (§4.3.3: key and
/// algorithm names lower case, class ANY, TTL 0, Time Signed, Fudge, Error, Other Data). Every field can be set to what
/// a careless or hostile client would send: names in any case, a truncated MAC, another original ID, other data.
/// </summary>
public sealed record SignedMessage(byte[] Unsigned)
{
    public const long Now = 1_800_000_000;

    /// <summary>The key name as it goes on the wire; the MAC always uses it lower case.</summary>
    public string KeyName { get; init; } = "acme-key";

    public TsigAlgorithm Algorithm { get; init; } = TsigAlgorithm.HmacSha256;

    /// <summary>The algorithm name as it goes on the wire; null for the usual lower-case name.</summary>
    public string? AlgorithmName { get; init; }

    public byte[] Secret { get; init; } = CapturedSignatures.Secret;

    public long TimeSigned { get; init; } = Now;

    public ushort Fudge { get; init; } = 300;

    /// <summary>How many bytes of the MAC are sent; null for all of it.</summary>
    public int? MacLength { get; init; }

    /// <summary>The Original ID field; null for the message's own ID.</summary>
    public ushort? OriginalId { get; init; }

    public ushort Error { get; init; }

    public byte[] Other { get; init; } = [];

    /// <summary>Where the TSIG record starts: right after the unsigned message.</summary>
    public int TsigOffset => Unsigned.Length;

    /// <summary>A query for <paramref name="name"/> (SOA by default), signed with the defaults.</summary>
    public static SignedMessage Query(string name = "cert.example.com", ushort type = 6) => new(new QueryBuilder(name, type).Build());

    public byte[] Build()
    {
        var algorithm = QueryBuilder.EncodeName(AlgorithmName ?? TsigNames.Of(Algorithm));
        var time = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(time, (ushort)(TimeSigned >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(time.AsSpan(2), (uint)TimeSigned);
        byte[] fields = [(byte)(Fudge >> 8), (byte)Fudge];
        byte[] variables =
        [
            .. QueryBuilder.EncodeName(KeyName.ToLowerInvariant()), 0, 255, 0, 0, 0, 0,
            .. QueryBuilder.EncodeName(TsigNames.Of(Algorithm)), .. time, .. fields,
            (byte)(Error >> 8), (byte)Error, (byte)(Other.Length >> 8), (byte)Other.Length, .. Other,
        ];
        var unsigned = (byte[])Unsigned.Clone();
        var originalId = OriginalId ?? BinaryPrimitives.ReadUInt16BigEndian(unsigned);
        BinaryPrimitives.WriteUInt16BigEndian(unsigned, originalId);
        var mac = Mac(Algorithm, Secret, [.. unsigned, .. variables]);
        mac = mac[..(MacLength ?? mac.Length)];
        byte[] data =
        [
            .. algorithm, .. time, .. fields, (byte)(mac.Length >> 8), (byte)mac.Length, .. mac,
            (byte)(originalId >> 8), (byte)originalId, (byte)(Error >> 8), (byte)Error, (byte)(Other.Length >> 8), (byte)Other.Length, .. Other,
        ];
        byte[] message = [.. Unsigned, .. QueryBuilder.EncodeName(KeyName), 0, 250, 0, 255, 0, 0, 0, 0, (byte)(data.Length >> 8), (byte)data.Length, .. data];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(10)) + 1));
        return message;
    }

    /// <summary>The HMAC of <paramref name="data"/>, by algorithm.</summary>
    public static byte[] Mac(TsigAlgorithm algorithm, byte[] secret, byte[] data) => algorithm switch
    {
        TsigAlgorithm.HmacSha512 => HMACSHA512.HashData(secret, data),
        TsigAlgorithm.HmacSha1 => HMACSHA1.HashData(secret, data),
        _ => HMACSHA256.HashData(secret, data),
    };
}
