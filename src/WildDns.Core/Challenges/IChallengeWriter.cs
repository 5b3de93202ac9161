namespace WildDns.Core.Challenges;

/// <summary>
/// Publishes and removes challenge values: the store that the gRPC control plane writes to, seen from other front ends
/// such as RFC 2136 UPDATE. Callers check names with <see cref="Synthesis.SynthesisPolicy.CheckChallengeName(System.ReadOnlySpan{char}, Synthesis.IStaticNames?, out int)"/> and
/// values with <see cref="ChallengeValue.IsValid"/> first, as SPEC §5 asks of every path. Names are lower case without
/// the root dot. Each call is durable and answered by DNS before it returns (by every live replica, when several share
/// one store); calls are safe from many threads. A call that cannot do so throws <see cref="ChallengeWriteException"/>
/// (<see cref="ChallengeStoreUnavailableException"/> when the shared store cannot be reached).
/// </summary>
public interface IChallengeWriter
{
    /// <summary>The most values one name may hold.</summary>
    int MaxValuesPerName { get; }

    /// <summary>How many more values may be published across all names before the store refuses; unlimited unless the store caps it.</summary>
    int Room => int.MaxValue;

    /// <summary>
    /// <see cref="ChallengeWriteOutcome.Added"/>, <see cref="ChallengeWriteOutcome.Refreshed"/>,
    /// <see cref="ChallengeWriteOutcome.NameFull"/> or <see cref="ChallengeWriteOutcome.StoreFull"/>.
    /// </summary>
    ChallengeWriteOutcome Publish(string name, string value);

    /// <summary><see cref="ChallengeWriteOutcome.Removed"/> or <see cref="ChallengeWriteOutcome.NotPublished"/>.</summary>
    ChallengeWriteOutcome Remove(string name, string value);

    /// <summary>Removes every value at <paramref name="name"/>: <see cref="ChallengeWriteOutcome.Removed"/> or <see cref="ChallengeWriteOutcome.NotPublished"/>.</summary>
    ChallengeWriteOutcome RemoveAll(string name);
}
