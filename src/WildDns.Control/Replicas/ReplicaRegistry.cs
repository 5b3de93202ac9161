using Microsoft.Extensions.Logging;
using WildDns.Control.Challenges;
using static WildDns.Storage.PostgresCommand;

namespace WildDns.Control.Replicas;

/// <summary>
/// The replicas that share the store, in <c>wilddns_replicas</c>: each registers under its id, then reports the change
/// serial it serves with every change and at least every <see cref="StoreOptions.Heartbeat"/>. A replica is live while
/// its last report is younger than <see cref="StoreOptions.ReplicaTimeout"/> by the database's clock, so the replicas'
/// clocks need not agree. A publish waits here until every other live replica serves its serial.
/// </summary>
/// <remarks>Thread safety: any number of waits may run at once, beside the reports of the heartbeat loop.</remarks>
public sealed class ReplicaRegistry
{
    /// <summary>The channel on which a replica announces a new report, so that waits look again at once.</summary>
    public const string Channel = "wilddns_replicas";

    // Re-read the table this often while waiting even without a notification, in case one is lost.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // Rows of replicas gone this long are deleted when a replica registers; they no longer count anyway.
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    private readonly PostgresStore store;
    private readonly StoreOptions options;
    private readonly ILogger logger;
    private TaskCompletionSource reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastReported = -1;

    public ReplicaRegistry(PostgresStore store, StoreOptions options, string replicaId, ILogger<ReplicaRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(replicaId);
        this.store = store;
        this.options = options;
        this.logger = logger;
        Id = replicaId;
    }

    /// <summary>This replica's id (<see cref="StoreOptions.ReplicaId"/>).</summary>
    public string Id { get; }

    /// <summary>Tells this process apart from an earlier or a second process under the same id.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>Enters this replica serving <paramref name="serial"/>, taking over its id from an earlier run.</summary>
    public void Register(long serial)
    {
        var tookOverLive = store.Run(connection =>
        {
            var live = Scalar(
                connection,
                null,
                "SELECT heartbeat_at > now() - $3 FROM wilddns_replicas WHERE id = $1 AND instance <> $2;",
                Id,
                Instance,
                options.ReplicaTimeout) is true;
            Execute(
                connection,
                null,
                """
                INSERT INTO wilddns_replicas (id, instance, served_serial, heartbeat_at, started_at) VALUES ($1, $2, $3, now(), now())
                ON CONFLICT (id) DO UPDATE SET instance = excluded.instance, served_serial = excluded.served_serial,
                    heartbeat_at = excluded.heartbeat_at, started_at = excluded.started_at;
                """,
                Id,
                Instance,
                serial);
            Execute(connection, null, "DELETE FROM wilddns_replicas WHERE heartbeat_at < now() - $1;", Forgotten);
            Execute(connection, null, "SELECT pg_notify($1, $2);", Channel, Id);
            return live;
        });
        Interlocked.Exchange(ref lastReported, serial);
        if (tookOverLive)
        {
            // A restart within ReplicaTimeout looks the same as a second server given the same id; the log says which to check.
            logger.LogWarning(
                "Replica id {ReplicaId} was reported live by another process less than {Timeout} ago: a restart, or a second server with the same "
                + "WildDns:Store:ReplicaId (give each its own)", Id, options.ReplicaTimeout);
        }

        logger.LogInformation("Registered as replica {ReplicaId} of the challenge store at {Endpoint}, serving serial {Serial}", Id, store.Endpoint, serial);
    }

    /// <summary>
    /// Reports that this replica is alive and serves <paramref name="serial"/>; announces it when the serial moved on.
    /// Registers again when the row was taken over or deleted.
    /// </summary>
    public void Report(long serial)
    {
        var updated = store.Run(connection =>
        {
            var rows = Execute(
                connection,
                null,
                "UPDATE wilddns_replicas SET served_serial = $3, heartbeat_at = now() WHERE id = $1 AND instance = $2;",
                Id,
                Instance,
                serial);
            if (rows == 1 && Interlocked.Exchange(ref lastReported, serial) != serial)
            {
                Execute(connection, null, "SELECT pg_notify($1, $2);", Channel, Id);
            }

            return rows == 1;
        });
        if (!updated)
        {
            logger.LogWarning("Replica id {ReplicaId} was taken over by another process or forgotten; registering again", Id);
            Register(serial);
        }
    }

    /// <summary>Leaves the set of replicas at once, so that publishes stop waiting for this one (a clean stop).</summary>
    public void Leave()
    {
        store.Run(connection =>
        {
            Execute(connection, null, "DELETE FROM wilddns_replicas WHERE id = $1 AND instance = $2;", Id, Instance);
            return Execute(connection, null, "SELECT pg_notify($1, $2);", Channel, Id);
        });
        logger.LogInformation("Left the replicas of the challenge store as {ReplicaId}", Id);
    }

    /// <summary>Wakes the waits: some replica reported (the change feed calls this on each announcement).</summary>
    public void Signal() => Interlocked.Exchange(ref reported, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Returns once every other live replica serves <paramref name="serial"/> or later; after
    /// <see cref="StoreOptions.PublishTimeout"/> throws <see cref="ReplicasBehindException"/> naming those that do not.
    /// </summary>
    public void AwaitServed(long serial)
    {
        var deadline = DateTime.UtcNow + options.PublishTimeout;
        while (true)
        {
            // Taken before the read, so that a report between the read and the wait still wakes it.
            var next = Volatile.Read(ref reported).Task;
            var behind = Behind(serial);
            if (behind.Count == 0)
            {
                return;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                var exception = new ReplicasBehindException(serial, behind, options.PublishTimeout);
                logger.LogWarning("{Message}", exception.Message);
                throw exception;
            }

            next.Wait(left < PollInterval ? left : PollInterval);
        }
    }

    /// <summary>The other live replicas that serve an older serial than <paramref name="serial"/>, by id.</summary>
    public IReadOnlyList<string> Behind(long serial) => store.Run(connection =>
    {
        using var command = Create(
            connection,
            null,
            "SELECT id FROM wilddns_replicas WHERE id <> $1 AND served_serial < $2 AND heartbeat_at > now() - $3 ORDER BY id;",
            Id,
            serial,
            options.ReplicaTimeout);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    });
}
