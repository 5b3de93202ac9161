namespace WildDns.Control.Challenges;

/// <summary>What an archive holds when the store opens: the values in publishing order, and the last change serial.</summary>
public readonly record struct ChallengeArchiveContents(IReadOnlyList<PublishedChallenge> Challenges, long Serial);
