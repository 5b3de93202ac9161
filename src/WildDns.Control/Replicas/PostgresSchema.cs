using Npgsql;
using WildDns.Storage;

namespace WildDns.Control.Replicas;

/// <summary>
/// The challenge tables in a shared PostgreSQL database and their migrations, applied by <see cref="SchemaMigration"/>
/// when a server starts: replicas starting together take turns, and a newer schema is refused.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The row of <c>wilddns_schema</c> that these tables own; other parts of WildDns keep rows of their own.</summary>
    public const string Component = "challenges";

    /// <summary>The migrations by version; the last is the version this build reads and writes.</summary>
    private static readonly string[] Steps =
    [
        // 1: values by name (ordinal keeps publishing order, SPEC §3), the one change serial that orders every change
        // across replicas, and the replicas with the serial each serves.
        """
        CREATE TABLE wilddns_challenges (
            name text NOT NULL,
            value text NOT NULL,
            expires_at timestamptz NOT NULL,
            ordinal bigint NOT NULL,
            PRIMARY KEY (name, value)
        );
        CREATE TABLE wilddns_challenge_serial (
            single boolean PRIMARY KEY DEFAULT true CHECK (single),
            serial bigint NOT NULL
        );
        INSERT INTO wilddns_challenge_serial (serial) VALUES (0);
        CREATE TABLE wilddns_replicas (
            id text PRIMARY KEY,
            instance uuid NOT NULL,
            served_serial bigint NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            started_at timestamptz NOT NULL
        );
        """,
    ];

    private static readonly SchemaMigration Migration = new(Component, "the challenge tables", "this server", Steps);

    /// <summary>The schema version this build needs.</summary>
    public static int Version => Migration.Version;

    /// <summary>Brings the tables to <see cref="Version"/>; returns the version found before. Throws on a newer one.</summary>
    public static int Migrate(NpgsqlConnection connection) => Migration.Migrate(connection);
}
