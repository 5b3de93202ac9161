using System.Security.Cryptography;
using System.Text;

namespace WildDns.Registration.Secrets;

/// <summary>
/// The one-time pre-shared secret of SPEC §8.1: 160 random bits written as 32 lower-case base32 characters (easy to
/// type from a label, safe in HTTP Basic), shown once and stored only as its <see cref="Digest"/>.
/// </summary>
/// <remarks>
/// Why plain SHA-256 and not PBKDF2 or another slow hash: slow hashes protect low-entropy passwords from offline guessing.
/// This secret is 160 bits from the system's CSPRNG, so even a stolen registry gives an attacker 2¹⁶⁰ candidates to
/// try, which no work factor could make harder; a slow hash would only make every EST request cost the server CPU time
/// that an attacker could spend on its behalf. Digests are compared in constant time.
/// </remarks>
public static class OneTimeSecret
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A fresh secret: 20 random bytes in base32 (32 characters, no padding).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var text = new StringBuilder(32);
        for (var bit = 0; bit < bytes.Length * 8; bit += 5)
        {
            var pair = (bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0);
            text.Append(Alphabet[(pair >> (11 - bit % 8)) & 0x1f]);
        }

        return text.ToString();
    }

    /// <summary>The stored form: SHA-256 of the secret's UTF-8 bytes.</summary>
    public static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when <paramref name="presented"/> hashes to <paramref name="storedDigest"/>; constant time in the contents.</summary>
    public static bool Matches(ReadOnlySpan<byte> storedDigest, string presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, storedDigest);
    }
}
