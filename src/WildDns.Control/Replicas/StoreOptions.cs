namespace WildDns.Control.Replicas;

/// <summary>
/// Settings of the shared store, bound from <c>WildDns:Store</c>. Without a connection string each server keeps its values in
/// its own SQLite file (the single-server default); with one, every replica given the same database serves the same values.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "WildDns:Store";

    /// <summary>The configuration key of the connection string, as errors and docs name it.</summary>
    public const string ConnectionStringKey = SectionName + ":" + nameof(ConnectionString);

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db.example.net;Database=wilddns;Username=wilddns;Password=…</c>.
    /// Empty: SQLite in the data directory. It holds a secret and is never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// This replica's name among those sharing the database, as failed publishes name it. Empty: the host name and the DNS
    /// port (<c>ns1:53</c>), stable across restarts. Two running servers must never share one.
    /// </summary>
    public string? ReplicaId { get; set; }

    /// <summary>How often a replica reports that it is alive and which serial it serves.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A replica that has not reported for this long is no longer live: publishes stop waiting for it. A replica that
    /// stops cleanly leaves at once; one that dies (SIGKILL, a lost machine) holds publishes back for up to this long.
    /// </summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a publish or remove waits for every live replica to serve it before it fails, naming those behind.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each replica reads the whole store, in case a notification was lost.</summary>
    public TimeSpan Resync { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True when a connection string is set.</summary>
    public bool IsShared => !string.IsNullOrWhiteSpace(ConnectionString);
}
