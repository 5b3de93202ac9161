using WildDns.Control.Challenges;

namespace WildDns.Control.Tests.Service;

/// <summary>
/// The real SQLite archive with a switch that makes its writes fail the way a full disk does: a store that fails on demand,
/// since filling a disk under a unit test is not something to do to the machine.
/// </summary>
internal sealed class FailingArchive(string dataDirectory) : IChallengeArchive
{
    private readonly SqliteChallengeArchive inner = new(dataDirectory);

    /// <summary>The exception the next writes throw; null lets them through.</summary>
    public Exception? Failure { get; set; }

    public ChallengeArchiveContents Load() => inner.Load();

    public void Save(PublishedChallenge challenge, long serial)
    {
        ThrowIfFailing();
        inner.Save(challenge, serial);
    }

    public void Delete(string name, string value, long serial)
    {
        ThrowIfFailing();
        inner.Delete(name, value, serial);
    }

    public void DeleteAll(string name, long serial)
    {
        ThrowIfFailing();
        inner.DeleteAll(name, serial);
    }

    public void DeleteExpired(DateTimeOffset now, long serial)
    {
        ThrowIfFailing();
        inner.DeleteExpired(now, serial);
    }

    public void Dispose() => inner.Dispose();

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
