using WildDns.Core.Challenges;

namespace WildDns.Control.Challenges;

/// <summary>
/// An archive that several servers (replicas) write to at once, such as PostgreSQL (SPEC §6). Unlike a private
/// archive, which only records what <see cref="ChallengeStore"/> decided, a shared one decides each change itself,
/// under one lock across all replicas, against what every replica has written; it gives each change the next serial of
/// one sequence that all replicas answer in their SOA. <see cref="ChallengeStore"/> then copies the result into its
/// memory and waits, through <see cref="AwaitReplicas"/>, until every other live replica serves it too.
/// </summary>
/// <remarks>
/// Every method throws <see cref="ChallengeStoreUnavailableException"/> when the shared store cannot be reached. The store
/// never calls the record-only methods of <see cref="IChallengeArchive"/> on a shared archive.
/// </remarks>
public interface ISharedChallengeArchive : IChallengeArchive
{
    /// <summary>Null while the last attempt reached the shared store; otherwise why it did not.</summary>
    string? Unavailable { get; }

    /// <summary>Adds a value, restarts its lifetime when it is there, or refuses it when the name already holds <paramref name="maxValuesPerName"/>.</summary>
    SharedChange Publish(PublishedChallenge challenge, int maxValuesPerName);

    /// <summary>Removes one value; <see cref="SharedChange.Count"/> is 0 when it was not there.</summary>
    SharedChange Remove(string name, string value);

    /// <summary>Removes every value at a name; <see cref="SharedChange.Count"/> says how many there were.</summary>
    SharedChange RemoveAll(string name);

    /// <summary>Removes every value that expires at or before <paramref name="now"/>; a change only when there was one.</summary>
    SharedChange RemoveExpired(DateTimeOffset now);

    /// <summary>
    /// Returns once every other live replica serves <paramref name="serial"/> or later; throws
    /// <see cref="ReplicasBehindException"/> naming those that did not within the configured wait.
    /// </summary>
    void AwaitReplicas(long serial);
}
