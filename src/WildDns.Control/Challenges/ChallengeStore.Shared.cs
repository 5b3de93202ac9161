using Microsoft.Extensions.Logging;
using WildDns.Core.Challenges;

namespace WildDns.Control.Challenges;

/// <summary>
/// The store on an <see cref="ISharedChallengeArchive"/>, one of several replicas (SPEC §6). The archive decides every
/// change and numbers it; memory then takes the archive's whole contents at that serial or later, so a replica never
/// serves a serial without every change before it, whichever replica made them. Changes by other replicas arrive through
/// <see cref="Resync"/>, which the change feed calls on each notification and now and then as a safety net.
/// </summary>
public sealed partial class ChallengeStore
{
    private readonly ISharedChallengeArchive? shared;

    /// <summary>True when the values live in an archive that other replicas share.</summary>
    public bool IsShared => shared is not null;

    /// <summary>
    /// Null while changes can be made; otherwise why not (the shared store cannot be reached). DNS keeps answering what
    /// memory holds either way; readiness reports it.
    /// </summary>
    public string? Unavailable => shared?.Unavailable;

    /// <summary>
    /// Reads the shared archive and serves its contents when they are newer than what is served; true when they were.
    /// Throws <see cref="ChallengeStoreUnavailableException"/> when the archive cannot be read, keeping what is served.
    /// </summary>
    public bool Resync()
    {
        var archived = shared ?? throw new InvalidOperationException("only a store on a shared archive resyncs");
        var contents = archived.Load();
        lock (gate)
        {
            return !disposed && Follow(contents, sameSerial: false);
        }
    }

    private PublishResult PublishShared(string name, string value)
    {
        SharedChange change;
        DateTimeOffset expiresAt;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            expiresAt = time.GetUtcNow() + lifetime;
            change = shared!.Publish(new(name, value, expiresAt), maxValuesPerName);
            if (!change.Changed)
            {
                return new(PublishOutcome.NameFull, default);
            }

            Follow(shared.Load(), sameSerial: false);
        }

        shared.AwaitReplicas(change.Serial);
        return new(change.Outcome, expiresAt);
    }

    private bool RemoveShared(string name, string value) => ChangeShared(() => shared!.Remove(name, value)) > 0;

    private int RemoveAllShared(string name) => ChangeShared(() => shared!.RemoveAll(name));

    /// <summary>Makes a removal in the archive, serves the result, and waits for the other replicas when something changed.</summary>
    private int ChangeShared(Func<SharedChange> change)
    {
        SharedChange made;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            made = change();
            if (made.Changed)
            {
                Follow(shared!.Load(), sameSerial: false);
            }
        }

        if (made.Changed)
        {
            shared!.AwaitReplicas(made.Serial);
        }

        return made.Count;
    }

    /// <summary>
    /// Removes expired values from the archive (whichever replica's sweep comes first takes the serial; the others find
    /// nothing left), then serves the archive's contents, which no longer hold them.
    /// </summary>
    private void SweepShared()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (!names.Any(pair => pair.Value.ExpiresAt.Any(expiresAt => expiresAt <= now)))
            {
                RescheduleSweep();
                return;
            }

            try
            {
                var change = shared!.RemoveExpired(now);

                // The same serial as served is taken too: another replica's sweep may have taken this one's serial already.
                Follow(shared.Load(), sameSerial: true);
                if (change.Changed)
                {
                    logger.LogInformation("{Count} challenge values expired", change.Count);
                }
            }
            catch (ChallengeStoreUnavailableException exception)
            {
                // Answered a little longer rather than forgotten by this replica alone, as with a private archive.
                logger.LogWarning("Could not remove expired challenge values: {Reason}; retrying in {Delay}", exception.Message, SweepRetry);
                sweepTimer.Change(SweepRetry, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Serves <paramref name="contents"/> (values past their expiry left out) when its serial is newer than the one served,
    /// or as new when <paramref name="sameSerial"/>; true when the serial moved on. Runs under the writer's lock.
    /// </summary>
    private bool Follow(ChallengeArchiveContents contents, bool sameSerial)
    {
        if (contents.Serial < serial || (contents.Serial == serial && !sameSerial))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var latest = new Dictionary<string, PublishedValues>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        foreach (var challenge in contents.Challenges.Where(challenge => challenge.ExpiresAt > now))
        {
            var name = Normalise(challenge.Name);
            latest[name] = latest.TryGetValue(name, out var current)
                ? current.Append(challenge.Value, challenge.ExpiresAt)
                : new([challenge.Value], [challenge.ExpiresAt]);
            count++;
        }

        foreach (var name in names.Keys.Where(name => !latest.ContainsKey(name)))
        {
            names.TryRemove(name, out _);
        }

        foreach (var (name, values) in latest)
        {
            names[name] = values;
        }

        // The sweep is scheduled from the expiry index, so it follows the archive's contents as the names do.
        expiries.Clear();
        foreach (var (name, values) in latest)
        {
            for (var i = 0; i < values.Values.Length; i++)
            {
                expiries.Add(new(name, values.Values[i], values.ExpiresAt[i]));
            }
        }

        var advanced = contents.Serial > serial;
        publishedCount = count;
        serial = contents.Serial;
        RescheduleSweep();
        if (advanced)
        {
            RaiseChanged();
        }

        return advanced;
    }
}
