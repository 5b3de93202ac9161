namespace WildDns.Control.Challenges;

/// <summary>
/// The durable side of <see cref="ChallengeStore"/>: every method returns only once its change would survive a crash.
/// The store calls it from one thread at a time and keeps the authoritative copy in memory, so an archive only records;
/// another backend (a shared store for several replicas, SPEC §7) replaces <see cref="SqliteChallengeArchive"/> here.
/// </summary>
public interface IChallengeArchive : IDisposable
{
    /// <summary>Everything recorded, expired values included; the store drops those.</summary>
    ChallengeArchiveContents Load();

    /// <summary>Records a value, or a new expiry for a value already recorded; <paramref name="serial"/> becomes the last change serial.</summary>
    void Save(PublishedChallenge challenge, long serial);

    /// <summary>Forgets one value at a name.</summary>
    void Delete(string name, string value, long serial);

    /// <summary>Forgets every value at a name.</summary>
    void DeleteAll(string name, long serial);

    /// <summary>Forgets every value that expires at or before <paramref name="now"/>.</summary>
    void DeleteExpired(DateTimeOffset now, long serial);
}
