using WildDns.Core.Challenges;

namespace WildDns.Dns.Tests.Updates;

/// <summary>An in-memory reader and writer with a serial, standing in for the control plane's store; at most two values a name.</summary>
internal sealed class ChallengeStoreDouble : IChallengeReader, IChallengeWriter
{
    private readonly Dictionary<string, string[]> names = new(StringComparer.Ordinal);

    public long Serial { get; set; }

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
