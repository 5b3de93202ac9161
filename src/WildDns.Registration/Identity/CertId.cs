using System.Security.Cryptography;

namespace WildDns.Registration.Identity;

/// <summary>
/// A certificate identifier (SPEC §8.1): <c>c</c> followed by 12 lower-case base32 characters (RFC 4648 alphabet
/// <c>a-z2-7</c>), the first 60 bits of HMAC-SHA-256 of the <see cref="CanonicalDataset"/> under the registry key.
/// </summary>
/// <remarks>
/// Why 60 bits: the certid appears in every name a device uses (<c>192-168-2-1.c0123456789ab.cert.example.com</c>), so it
/// should be short to type and read; and it must not collide by chance in a registry of millions. The birthday bound for
/// 60 bits puts the chance of any collision among ten million devices near 4·10⁻⁵, and a collision is refused rather
/// than merged, so the cost of one is a registration that has to be retried with the material number, never a shared
/// certificate. Guessing does not depend on the length: the key is secret, so a certid seen in a Certificate
/// Transparency log says nothing about the serial number behind it. The leading letter keeps the label from ever
/// looking like an encoded address, and <c>c</c> followed by 12 characters is never a type label (<c>a</c>, <c>cname</c>).
/// </remarks>
public readonly record struct CertId
{
    /// <summary>Characters after the leading <c>c</c>.</summary>
    public const int SymbolCount = 12;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private CertId(string value) => Value = value;

    /// <summary>The identifier as it appears in names, e.g. <c>c7mq3xk2d9fha</c>.</summary>
    public string Value { get; }

    /// <summary>The certid of <paramref name="dataset"/> under <paramref name="registryKey"/>.</summary>
    public static CertId Compute(ReadOnlySpan<byte> registryKey, CanonicalDataset dataset)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(registryKey, dataset.Bytes, mac);
        Span<char> symbols = stackalloc char[SymbolCount + 1];
        symbols[0] = 'c';

        // Base32 reads the digest as a bit string, most significant bit first, five bits per symbol (RFC 4648 §6).
        for (var index = 0; index < SymbolCount; index++)
        {
            var bit = index * 5;
            var pair = (mac[bit / 8] << 8) | mac[bit / 8 + 1];
            symbols[index + 1] = Alphabet[(pair >> (11 - bit % 8)) & 0x1f];
        }

        return new CertId(new string(symbols));
    }

    /// <summary>Reads a certid; false unless it is <c>c</c> and 12 characters of <c>a-z2-7</c> (lower case only).</summary>
    public static bool TryParse(string? text, out CertId certId)
    {
        certId = default;
        if (text is null || text.Length != SymbolCount + 1 || text[0] != 'c' || text.AsSpan(1).ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        certId = new CertId(text);
        return true;
    }

    public override string ToString() => Value ?? string.Empty;
}
