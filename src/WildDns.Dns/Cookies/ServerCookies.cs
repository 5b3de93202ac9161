using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using WildDns.Core.Codec;

namespace WildDns.Dns.Cookies;

/// <summary>
/// Makes and checks server cookies the way RFC 9018 lays them out, so that servers sharing a secret (an anycast set,
/// WildDns and another implementation) accept each other's: Version 1, three reserved bytes, a 32-bit timestamp and
/// SipHash-2-4 over the client cookie, those eight bytes and the client's address. Thread-safe; allocation-free.
/// </summary>
public sealed class ServerCookies
{
    /// <summary>RFC 9018 §4: 1 + 3 + 4 + 8 bytes.</summary>
    public const int Length = 16;

    /// <summary>RFC 7873 §4.1: the client cookie is exactly 8 bytes.</summary>
    public const int ClientCookieLength = 8;

    private const byte Version = 1;

    // RFC 9018 §4.3: valid for an hour, up to five minutes of clock skew ahead, renewed after half an hour.
    private const int MaxAgeSeconds = 3600;
    private const int MaxSkewSeconds = 300;
    private const int RenewAgeSeconds = 1800;

    private readonly byte[] current;
    private readonly byte[]? previous;

    /// <param name="current">The 16-byte secret new cookies are made with.</param>
    /// <param name="previous">A secret being rolled away from (RFC 9018 §5): cookies it made are still accepted, and replaced.</param>
    public ServerCookies(ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous = default)
    {
        if (current.Length != SipHash.KeyLength || (!previous.IsEmpty && previous.Length != SipHash.KeyLength))
        {
            throw new ArgumentException($"a server cookie secret is {SipHash.KeyLength} bytes.");
        }

        this.current = current.ToArray();
        this.previous = previous.IsEmpty ? null : previous.ToArray();
    }

    /// <summary>A server with a fresh random secret, as when none is configured: cookies then hold until the next restart.</summary>
    public static ServerCookies Generate() => new(RandomNumberGenerator.GetBytes(SipHash.KeyLength));

    /// <summary>
    /// Parses a secret written as 32 hexadecimal digits (<c>openssl rand -hex 16</c>); throws <see cref="FormatException"/>
    /// saying what is wrong, without repeating the text, which is a secret.
    /// </summary>
    public static byte[] ParseSecret(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length != SipHash.KeyLength * 2 || !trimmed.All(Uri.IsHexDigit))
        {
            throw new FormatException($"a cookie secret is {SipHash.KeyLength * 2} hexadecimal digits ({SipHash.KeyLength} bytes), such as `openssl rand -hex 16` writes; this one has {trimmed.Length} characters.");
        }

        return Convert.FromHexString(trimmed);
    }

    /// <summary>The RFC 9018 timestamp for <paramref name="now"/>: seconds since 1970, modulo 2^32 (serial number arithmetic, RFC 1982).</summary>
    public static uint Timestamp(DateTimeOffset now) => unchecked((uint)now.ToUnixTimeSeconds());

    /// <summary>Writes a new 16-byte server cookie for <paramref name="clientCookie"/> from <paramref name="client"/> into <paramref name="destination"/>.</summary>
    public void Issue(ReadOnlySpan<byte> clientCookie, DecodedAddress client, uint timestamp, Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = 0;
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Hash(current, clientCookie, destination[..8], client));
    }

    /// <summary>Checks the server cookie a client sent back with its client cookie, from <paramref name="client"/>, at <paramref name="now"/>.</summary>
    public ServerCookieVerdict Check(ReadOnlySpan<byte> clientCookie, ReadOnlySpan<byte> serverCookie, DecodedAddress client, uint now)
    {
        if (serverCookie.Length != Length || serverCookie[0] != Version || clientCookie.Length != ClientCookieLength)
        {
            return ServerCookieVerdict.Invalid;
        }

        // Serial arithmetic: the age across the 2^32 wrap is still a small number.
        var age = unchecked((int)(now - BinaryPrimitives.ReadUInt32BigEndian(serverCookie[4..])));
        if (age > MaxAgeSeconds || age < -MaxSkewSeconds)
        {
            return ServerCookieVerdict.Invalid;
        }

        // RFC 9018 §4.4: the reserved bytes are hashed as the client sent them.
        var presented = BinaryPrimitives.ReadUInt64LittleEndian(serverCookie[8..]);
        if (presented == Hash(current, clientCookie, serverCookie[..8], client))
        {
            return age > RenewAgeSeconds ? ServerCookieVerdict.Worn : ServerCookieVerdict.Fresh;
        }

        return previous is not null && presented == Hash(previous, clientCookie, serverCookie[..8], client)
            ? ServerCookieVerdict.Worn
            : ServerCookieVerdict.Invalid;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ServerCookies (RFC 9018, {(previous is null ? "one secret" : "rolling over")})");

    /// <summary>RFC 9018 §4.4: Hash = SipHash-2-4(Client Cookie | Version | Reserved | Timestamp | Client-IP, Server Secret).</summary>
    private static ulong Hash(byte[] secret, ReadOnlySpan<byte> clientCookie, ReadOnlySpan<byte> versionToTimestamp, DecodedAddress client)
    {
        Span<byte> input = stackalloc byte[ClientCookieLength + 8 + 16];
        clientCookie.CopyTo(input);
        versionToTimestamp.CopyTo(input[ClientCookieLength..]);
        var length = ClientCookieLength + 8 + client.WriteBytes(input[(ClientCookieLength + 8)..]);
        return SipHash.Compute(secret, input[..length]);
    }
}
