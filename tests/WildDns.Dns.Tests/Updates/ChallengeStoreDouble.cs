using WildDns.Core.Challenges;

namespace WildDns.Dns.Tests.Updates;

/// <summary>An in-memory reader and writer with a serial, standing in for the control plane's store; at most two values a name.</summary>
internal sealed class ChallengeStoreDouble : IChallengeReader, IChallengeWriter
{
    private readonly Dictionary<string, string[]> names = new(StringComparer.Ordinal);

    public long Serial { get; set; }

    public int MaxValuesPerName => 2;

    /// <summary>How many more values the store takes; unlimited unless a test sets it.</summary>
    public int Room { get; set; } = int.MaxValue;

    /// <summary>What <see cref="Publish"/> throws, as a failing disk or an unreachable database does; null for none.</summary>
    public Exception? PublishFailure { get; set; }

    /// <summary>What <see cref="Publish"/> answers instead of publishing, as when a concurrent publish took the last room; null for none.</summary>
    public ChallengeWriteOutcome? PublishOutcome { get; set; }

    public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => names.TryGetValue(name.ToString(), out var values) ? values : [];

    public ChallengeWriteOutcome Publish(string name, string value)
    {
        if (PublishFailure is not null)
        {
            throw PublishFailure;
        }

        if (PublishOutcome is { } outcome)
        {
            return outcome;
        }

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
