using System.Security.Cryptography;
using System.Text;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tsig;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>
/// UPDATEs of cert.example.com signed by <see cref="SignedMessage"/> with hmac-sha256 key <c>acme-key</c> and a secret
/// of this test run, at any Time Signed and Fudge.
/// </summary>
internal static class SignedUpdates
{
    public const string KeyName = "acme-key";

    public static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    public static TsigKeyRing Keys { get; } = new([new TsigKey(KeyName, TsigAlgorithm.HmacSha256, Secret)]);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A fresh DNS-01 value: 43 base64url characters (RFC 8555 §8.4).</summary>
    public static string NewValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Adds TXT <paramref name="value"/> at <paramref name="name"/>.</summary>
    public static byte[] Add(string name, string value, long? timeSigned = null, ushort fudge = 300, ushort id = 0x1234)
    {
        byte[] data = [(byte)value.Length, .. Encoding.ASCII.GetBytes(value)];
        return Sign(Unsigned(id, name, 1, 60, data), timeSigned ?? Now, fudge);
    }

    /// <summary>RFC 2136 §2.5.2: deletes the TXT set at <paramref name="name"/> (class ANY, TTL 0, no data).</summary>
    public static byte[] DeleteSet(string name, long? timeSigned = null, ushort id = 0x4321) =>
        Sign(Unsigned(id, name, 255, 0, []), timeSigned ?? Now, 300);

    private static List<byte> Unsigned(ushort id, string name, ushort @class, uint ttl, byte[] data)
    {
        var message = new List<byte> { (byte)(id >> 8), (byte)id, 5 << 3, 0, 0, 1, 0, 0, 0, 1, 0, 0 };
        message.AddRange(QueryBuilder.EncodeName("cert.example.com"));
        message.AddRange(new byte[] { 0, 6, 0, 1 });
        message.AddRange(QueryBuilder.EncodeName(name));
        message.AddRange(new byte[] { 0, 16, (byte)(@class >> 8), (byte)@class, (byte)(ttl >> 24), (byte)(ttl >> 16), (byte)(ttl >> 8), (byte)ttl, 0, (byte)data.Length });
        message.AddRange(data);
        return message;
    }

    private static byte[] Sign(List<byte> message, long timeSigned, ushort fudge) =>
        (new SignedMessage([.. message]) with { KeyName = KeyName, Secret = Secret, TimeSigned = timeSigned, Fudge = fudge }).Build();
}
