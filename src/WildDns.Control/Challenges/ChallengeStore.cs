using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WildDns.Core.Challenges;

namespace WildDns.Control.Challenges;

/// <summary>
/// The published ACME challenge values: an in-memory copy that the DNS answer path reads without locks or allocation,
/// kept in step with an <see cref="IChallengeArchive"/> that makes every change durable before the call that made it returns.
/// Names are stored lower case without the root dot; values expire after <see cref="ChallengeOptions.Lifetime"/>.
/// At most <see cref="ChallengeOptions.MaxValues"/> values are live at once, so no caller can grow it without bound.
/// </summary>
/// <remarks>
/// Thread safety: <see cref="Find"/> may run on any number of threads while one writer at a time changes values.
/// A writer first commits to the archive, then swaps the name's immutable <see cref="PublishedValues"/> into the dictionary,
/// so a value is answered before <see cref="Publish"/> returns and never answered when the archive refused it.
/// A change costs O(log n) in the number of live values: expiries are kept in a sorted index, not found by a walk.
/// On an <see cref="ISharedChallengeArchive"/> the archive decides each change instead (ChallengeStore.Shared.cs).
/// </remarks>
public sealed partial class ChallengeStore : IChallengeReader, IChallengeWriter, IDisposable
{
    // When a sweep fails (the disk, say), try again after this long rather than spin.
    private static readonly TimeSpan SweepRetry = TimeSpan.FromSeconds(5);

    private readonly IChallengeArchive archive;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TimeSpan lifetime;
    private readonly int maxValuesPerName;
    private readonly int maxValues;

    // Every live value once, earliest expiry first: the sweep's timer follows its first entry.
    private readonly SortedSet<PublishedChallenge> expiries = new(ExpiryOrder.Instance);
    private readonly ConcurrentDictionary<string, PublishedValues> names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PublishedValues>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly Lock gate = new();
    private readonly ITimer sweepTimer;
    private long serial;
    private int publishedCount;
    private bool disposed;

    /// <summary>Opens the store on what <paramref name="archive"/> holds; the store owns the archive from now on and disposes it.</summary>
    public ChallengeStore(IChallengeArchive archive, TimeProvider time, ChallengeOptions options, ILogger<ChallengeStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        this.archive = archive;
        shared = archive as ISharedChallengeArchive;
        this.time = time;
        this.logger = logger ?? NullLogger<ChallengeStore>.Instance;
        lifetime = options.Lifetime;
        maxValuesPerName = options.MaxValuesPerName;
        maxValues = options.MaxValues;
        lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();

        var contents = archive.Load();
        serial = contents.Serial;
        var now = time.GetUtcNow();
        var expired = 0;
        foreach (var challenge in contents.Challenges)
        {
            if (challenge.ExpiresAt <= now)
            {
                expired++;
                continue;
            }

            var name = Normalise(challenge.Name);
            names[name] = names.TryGetValue(name, out var current)
                ? current.Append(challenge.Value, challenge.ExpiresAt)
                : new([challenge.Value], [challenge.ExpiresAt]);
            expiries.Add(challenge with { Name = name });
            publishedCount++;
        }

        if (publishedCount > maxValues)
        {
            // A lowered cap does not drop what was published: those values expire on their own; new ones wait until then.
            this.logger.LogWarning(
                "The archive holds {Count} live challenge values, more than {Key} ({Max}); publishing is refused until fewer are live",
                publishedCount, $"{ChallengeOptions.SectionName}:{nameof(ChallengeOptions.MaxValues)}", maxValues);
        }

        // A shared archive's values expire through the sweep, which takes a serial from the archive.
        if (expired > 0 && shared is null)
        {
            archive.DeleteExpired(now, ++serial);
        }

        sweepTimer = time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        RescheduleSweep();
        this.logger.LogInformation("Loaded {Count} published challenge values ({Expired} expired while the server was down), serial {Serial}", publishedCount, expired, serial);
    }

    /// <summary>
    /// Raised after every change to the set of values, inside the writer's critical section so that serials arrive in order.
    /// Handlers must be quick; an exception from one is logged and does not undo the change.
    /// </summary>
    public event Action<ChallengeChange>? Changed;

    /// <summary>Grows on every change to the set of values (not on a refresh, which changes no answer); survives restarts.</summary>
    public long Serial => Volatile.Read(ref serial);

    /// <summary>Live values across all names.</summary>
    public int PublishedCount => Volatile.Read(ref publishedCount);

    /// <summary>False once disposed: changes are refused from then on (readiness checks ask this).</summary>
    public bool IsOpen => !Volatile.Read(ref disposed);

    /// <summary>How long a value lives unless it is published again or removed.</summary>
    public TimeSpan Lifetime => lifetime;

    /// <summary>The most values one name may hold.</summary>
    public int MaxValuesPerName => maxValuesPerName;

    /// <summary>The most values live across all names.</summary>
    public int MaxValues => maxValues;

    /// <inheritdoc />
    int IChallengeWriter.Room => Math.Max(0, maxValues - PublishedCount);

    /// <inheritdoc />
    /// <remarks>Letter case is ignored. Never allocates: the span covers an array that later changes replace rather than modify.</remarks>
    public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) =>
        lookup.TryGetValue(name, out var published) ? published.Values : [];

    /// <summary>
    /// Adds <paramref name="value"/> at <paramref name="name"/> (a checked challenge name) or restarts its lifetime when it is there.
    /// Returns once the change is durable and answered.
    /// </summary>
    public PublishResult Publish(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        name = Normalise(name);
        if (shared is not null)
        {
            return PublishShared(name, value);
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var expiresAt = time.GetUtcNow() + lifetime;
            names.TryGetValue(name, out var current);
            var index = current?.IndexOf(value) ?? -1;
            if (index >= 0)
            {
                archive.Save(new(name, value, expiresAt), serial);
                expiries.Remove(new(name, value, current!.ExpiresAt[index]));
                expiries.Add(new(name, value, expiresAt));
                names[name] = current.WithExpiry(index, expiresAt);
                RescheduleSweep();
                return new(PublishOutcome.Refreshed, expiresAt);
            }

            if (current is not null && current.Values.Length >= maxValuesPerName)
            {
                return new(PublishOutcome.NameFull, default);
            }

            if (publishedCount >= maxValues)
            {
                return new(PublishOutcome.StoreFull, default);
            }

            archive.Save(new(name, value, expiresAt), serial + 1);
            names[name] = current?.Append(value, expiresAt) ?? new([value], [expiresAt]);
            expiries.Add(new(name, value, expiresAt));
            publishedCount++;
            serial++;
            RescheduleSweep();
            RaiseChanged();
            return new(PublishOutcome.Added, expiresAt);
        }
    }

    /// <summary>Removes one value; false when it was not published (or has expired).</summary>
    public bool Remove(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        name = Normalise(name);
        if (shared is not null)
        {
            return RemoveShared(name, value);
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!names.TryGetValue(name, out var current) || current.IndexOf(value) < 0)
            {
                return false;
            }

            archive.Delete(name, value, serial + 1);
            expiries.Remove(new(name, value, current.ExpiresAt[current.IndexOf(value)]));
            Replace(name, current.Without((candidate, _) => candidate == value));
            publishedCount--;
            serial++;
            RescheduleSweep();
            RaiseChanged();
            return true;
        }
    }

    /// <summary>Removes every value at a name; returns how many there were.</summary>
    public int RemoveAll(string name)
    {
        name = Normalise(name);
        if (shared is not null)
        {
            return RemoveAllShared(name);
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!names.TryGetValue(name, out var current))
            {
                return 0;
            }

            archive.DeleteAll(name, serial + 1);
            for (var i = 0; i < current.Values.Length; i++)
            {
                expiries.Remove(new(name, current.Values[i], current.ExpiresAt[i]));
            }

            names.TryRemove(name, out _);
            publishedCount -= current.Values.Length;
            serial++;
            RescheduleSweep();
            RaiseChanged();
            return current.Values.Length;
        }
    }

    /// <inheritdoc />
    ChallengeWriteOutcome IChallengeWriter.Publish(string name, string value) => Publish(name, value).Outcome switch
    {
        PublishOutcome.Added => ChallengeWriteOutcome.Added,
        PublishOutcome.Refreshed => ChallengeWriteOutcome.Refreshed,
        PublishOutcome.StoreFull => ChallengeWriteOutcome.StoreFull,
        _ => ChallengeWriteOutcome.NameFull,
    };

    /// <inheritdoc />
    ChallengeWriteOutcome IChallengeWriter.Remove(string name, string value) =>
        Remove(name, value) ? ChallengeWriteOutcome.Removed : ChallengeWriteOutcome.NotPublished;

    /// <inheritdoc />
    ChallengeWriteOutcome IChallengeWriter.RemoveAll(string name) =>
        RemoveAll(name) > 0 ? ChallengeWriteOutcome.Removed : ChallengeWriteOutcome.NotPublished;

    /// <summary>
    /// The live values, ordered by name and then publishing order: all of them when <paramref name="scope"/> is empty,
    /// else those at names equal to or below it (<c>abc.cert.example.com</c> holds <c>_acme-challenge.abc.cert.example.com</c>).
    /// </summary>
    public IReadOnlyList<PublishedChallenge> List(string? scope = null)
    {
        var suffix = string.IsNullOrEmpty(scope) ? null : Normalise(scope);
        var list = new List<PublishedChallenge>();
        foreach (var (name, published) in names)
        {
            if (suffix is not null && !IsAtOrBelow(name, suffix))
            {
                continue;
            }

            for (var i = 0; i < published.Values.Length; i++)
            {
                list.Add(new(name, published.Values[i], published.ExpiresAt[i]));
            }
        }

        // A stable sort keeps publishing order within a name.
        return [.. list.OrderBy(challenge => challenge.Name, StringComparer.Ordinal)];
    }

    /// <summary>Stops the sweep and closes the archive. Values stay readable through <see cref="Find"/>; changes throw.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            sweepTimer.Dispose();
            archive.Dispose();
        }
    }

    /// <summary>Lower case, no root dot: the form the DNS answer path asks with.</summary>
    internal static string Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (name.EndsWith('.') ? name[..^1] : name).ToLowerInvariant();
    }

    private static bool IsAtOrBelow(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal)
        && (name.Length == suffix.Length || name[name.Length - suffix.Length - 1] == '.');

    private void Sweep()
    {
        if (shared is not null)
        {
            SweepShared();
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (expiries.Count == 0 || expiries.Min.ExpiresAt > now)
            {
                RescheduleSweep();
                return;
            }

            try
            {
                archive.DeleteExpired(now, serial + 1);
            }
            catch (Exception exception)
            {
                // The values stay answered a little longer; that is safer than forgetting them in memory only.
                logger.LogError(exception, "Could not remove expired challenge values from the archive; retrying in {Delay}", SweepRetry);
                sweepTimer.Change(SweepRetry, Timeout.InfiniteTimeSpan);
                return;
            }

            var expiredNames = new HashSet<string>(StringComparer.Ordinal);
            var removed = 0;
            while (expiries.Count > 0 && expiries.Min.ExpiresAt <= now)
            {
                expiredNames.Add(expiries.Min.Name);
                expiries.Remove(expiries.Min);
                removed++;
            }

            foreach (var name in expiredNames)
            {
                Replace(name, names[name].Without((_, expiresAt) => expiresAt <= now));
            }

            publishedCount -= removed;
            serial++;
            logger.LogInformation("{Count} challenge values expired", removed);
            RescheduleSweep();
            RaiseChanged();
        }
    }

    private void Replace(string name, PublishedValues? left)
    {
        if (left is null)
        {
            names.TryRemove(name, out _);
        }
        else
        {
            names[name] = left;
        }
    }

    /// <summary>Arms the timer for the earliest expiry, so values leave on time without polling.</summary>
    private void RescheduleSweep()
    {
        if (expiries.Count == 0)
        {
            sweepTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = expiries.Min.ExpiresAt - time.GetUtcNow();
        sweepTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void RaiseChanged()
    {
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        var change = new ChallengeChange(serial, publishedCount);
        foreach (var handler in handlers.GetInvocationList().Cast<Action<ChallengeChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "A challenge change handler failed");
            }
        }
    }
}
