namespace WildDns.Control.Challenges;

/// <summary>The outcome of a publish and, unless the name or the store was full, when the value expires.</summary>
public readonly record struct PublishResult(PublishOutcome Outcome, DateTimeOffset ExpiresAt);
