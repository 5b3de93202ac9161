using WildDns.Core.Challenges;

namespace WildDns.Dns.Tests.Answers;

/// <summary>A fixed set of published challenge values, standing in for the control plane's store.</summary>
internal sealed class PublishedChallenges : IChallengeReader
{
    /// <summary>The name the answer table publishes two values at.</summary>
    public const string TableName = "_acme-challenge.cald5f5f7ba45.cert.example.com";

    /// <summary>Fifteen values: an answer of about 900 bytes, more than 512 but within 1232.</summary>
    public const string MediumName = "_acme-challenge.medium.cert.example.com";

    /// <summary>Thirty values: an answer of about 1,750 bytes, more than the default EDNS maximum of 1232.</summary>
    public const string LargeName = "_acme-challenge.large.cert.example.com";

    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> values;

    public PublishedChallenges()
    {
        var byName = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [TableName] = ["FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A", "Zq9WmT3xYp0LkNv7HsR2cJdF5gBaEu1Io8QtVy4Xw6E"],
            [MediumName] = Values(15),
            [LargeName] = Values(30),
        };
        values = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The change counter the answer path adds to SOA serials; 0 unless a test sets it.</summary>
    public long Serial { get; init; }

    public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => values.TryGetValue(name, out var found) ? found : [];

    /// <summary>Distinct values of the ACME shape: 42 characters of base64url and a last one with zero padding bits.</summary>
    private static string[] Values(int count) =>
        Enumerable.Range(0, count).Select(i => $"{i:D4}" + new string('x', 38) + "A").ToArray();
}
