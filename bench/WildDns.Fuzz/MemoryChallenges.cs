using WildDns.Core.Challenges;

namespace WildDns.Fuzz;

/// <summary>
/// Challenge values in memory, fresh for every input so that no input changes the path of the next: one value
/// already published at <see cref="PublishedName"/>, at most two a name, as a small server would hold them.
/// </summary>
internal sealed class MemoryChallenges : IChallengeReader, IChallengeWriter
{
    public const string PublishedName = "_acme-challenge.abc.cert.example.com";

    private readonly Dictionary<string, string[]> names = new(StringComparer.Ordinal)
    {
        [PublishedName] = ["FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A"],
    };

    public long Serial { get; private set; } = 7;

    public int MaxValuesPerName => 2;

    public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => names.TryGetValue(name.ToString(), out var values) ? values : [];

    public ChallengeWriteOutcome Publish(string name, string value)
    {
        var values = names.GetValueOrDefault(name, []);
        if (values.Contains(value))
        {
            return ChallengeWriteOutcome.Refreshed;
        }

        if (values.Length >= MaxValuesPerName)
        {
            return ChallengeWriteOutcome.NameFull;
        }

        names[name] = [.. values, value];
        Serial++;
        return ChallengeWriteOutcome.Added;
    }

    public ChallengeWriteOutcome Remove(string name, string value)
    {
        var values = names.GetValueOrDefault(name, []);
        if (!values.Contains(value))
        {
            return ChallengeWriteOutcome.NotPublished;
        }

        names[name] = [.. values.Where(other => other != value)];
        Serial++;
        return ChallengeWriteOutcome.Removed;
    }

    public ChallengeWriteOutcome RemoveAll(string name)
    {
        Serial++;
        return names.Remove(name) ? ChallengeWriteOutcome.Removed : ChallengeWriteOutcome.NotPublished;
    }
}
