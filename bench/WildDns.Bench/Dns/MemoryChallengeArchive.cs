using System.Security.Cryptography;
using WildDns.Control.Challenges;

namespace WildDns.Bench.Dns;

/// <summary>
/// An archive that hands the store a generated set of challenges when it opens and records nothing after, so a
/// benchmark starts with thousands of published names without thousands of SQLite fsyncs. The store keeps the
/// authoritative copy in memory either way, so what the DNS answer path reads is the same as on a server.
/// </summary>
internal sealed class MemoryChallengeArchive(IReadOnlyList<PublishedChallenge> challenges) : IChallengeArchive
{
    /// <summary>
    /// <paramref name="names"/> names from <see cref="NameAt"/>, each with two values: a certificate for a wildcard and
    /// its base name asks for both at the same owner, the common case on this zone.
    /// </summary>
    public static MemoryChallengeArchive Generated(int names, DateTimeOffset expiresAt)
    {
        var challenges = new List<PublishedChallenge>(names * 2);
        for (var i = 0; i < names; i++)
        {
            var name = NameAt(i);
            challenges.Add(new(name, ValueFor(name, 0), expiresAt));
            challenges.Add(new(name, ValueFor(name, 1), expiresAt));
        }

        return new(challenges);
    }

    /// <summary>The i-th generated challenge name, e.g. <c>_acme-challenge.c00000000002a.cert.example.com</c> for 42.</summary>
    public static string NameAt(int index) => $"_acme-challenge.c{index:x12}.cert.example.com";

    public ChallengeArchiveContents Load() => new(challenges, 1);

    public void Save(PublishedChallenge challenge, long serial)
    {
    }

    public void Delete(string name, string value, long serial)
    {
    }

    public void DeleteAll(string name, long serial)
    {
    }

    public void DeleteExpired(DateTimeOffset now, long serial)
    {
    }

    public void Dispose()
    {
    }

    // RFC 8555 §8.4: a DNS-01 value is the base64url SHA-256 digest of the key authorization, 43 characters.
    private static string ValueFor(string name, int which) =>
        Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"{name}/{which}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
