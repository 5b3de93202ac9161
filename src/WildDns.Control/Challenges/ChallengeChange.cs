namespace WildDns.Control.Challenges;

/// <summary>
/// Raised after the set of published values changed (a value added, removed or expired).
/// <see cref="Serial"/> grows by at least one on every such change and survives restarts, so that it can bump a zone's SOA serial;
/// <see cref="PublishedCount"/> is the number of live values across all names.
/// </summary>
public readonly record struct ChallengeChange(long Serial, int PublishedCount);
