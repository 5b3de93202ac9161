using Npgsql;
using static WildDns.Control.Replicas.PostgresCommand;

namespace WildDns.Control.Replicas;

/// <summary>
/// Creates and migrates the challenge tables when a server starts. Each step runs once, in order, in one transaction with
/// its version in <c>wilddns_schema</c>; replicas starting together take turns under an advisory lock, so exactly one of
/// them migrates and the others find the work done. A database migrated by a newer WildDns is refused, not guessed at.
/// </summary>
/// <remarks>
/// Once the tables exist at the current version, starting needs no privilege beyond reading and writing them
/// (docs/replicas.md, "Least privileges"): nothing is created then, not even <c>IF NOT EXISTS</c>, which PostgreSQL
/// checks against the schema's CREATE privilege before it looks.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The row of <c>wilddns_schema</c> that these tables own; other parts of WildDns keep rows of their own.</summary>
    public const string Component = "challenges";

    // An arbitrary constant that only WildDns's migrations lock: "WildDnsM" in ASCII.
    private const long MigrationLock = 0x57696C64446E734D;

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

    /// <summary>The schema version this build needs.</summary>
    public static int Version => Steps.Length;

    /// <summary>Brings the tables to <see cref="Version"/>; returns the version found before. Throws on a newer one.</summary>
    public static int Migrate(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var found = ReadVersion(connection, transaction: null);
        if (found == Version)
        {
            return found;
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock($1);", MigrationLock);
        if (Scalar(connection, transaction, "SELECT to_regclass('wilddns_schema') IS NULL;") is true)
        {
            Execute(
                connection,
                transaction,
                "CREATE TABLE wilddns_schema (component text PRIMARY KEY, version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now());");
        }

        // Read again under the lock: another replica may have migrated while this one waited.
        found = ReadVersion(connection, transaction);
        if (found > Version)
        {
            throw new InvalidOperationException(
                $"The challenge tables were migrated by a newer WildDns (schema {found}); this one reads schema {Version}. Upgrade this server.");
        }

        for (var step = found; step < Version; step++)
        {
            Execute(connection, transaction, Steps[step]);
        }

        Execute(
            connection,
            transaction,
            """
            INSERT INTO wilddns_schema (component, version) VALUES ($1, $2)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = now();
            """,
            Component,
            Version);
        transaction.Commit();
        return found;
    }

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        if (Scalar(connection, transaction, "SELECT to_regclass('wilddns_schema') IS NULL;") is true)
        {
            return 0;
        }

        return Scalar(connection, transaction, "SELECT version FROM wilddns_schema WHERE component = $1;", Component) is int version ? version : 0;
    }
}
