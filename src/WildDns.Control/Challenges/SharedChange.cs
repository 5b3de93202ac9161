namespace WildDns.Control.Challenges;

/// <summary>
/// What a change to a shared archive did: <see cref="Serial"/> is the change serial it committed, or the current serial
/// when nothing changed (<see cref="Changed"/> false); <see cref="Count"/> is how many values it added, refreshed or removed.
/// </summary>
public readonly record struct SharedChange(bool Changed, long Serial, int Count, PublishOutcome Outcome = PublishOutcome.Added);
