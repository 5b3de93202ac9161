using Npgsql;
using static WildDns.Storage.PostgresCommand;

namespace WildDns.Storage;

/// <summary>
/// Creates and migrates one part's tables in a shared PostgreSQL database when a process starts. Each step runs once, in
/// order, in one transaction, with the part's version in its row of <c>wilddns_schema</c>; processes starting together
/// take turns under one advisory lock, so exactly one migrates and the others find the work done. A database migrated by
/// a newer WildDns is refused, not guessed at.
/// </summary>
/// <remarks>
/// Once the tables exist at the current version, starting needs no privilege beyond reading and writing them
/// (docs/replicas.md, "Least privileges"): nothing is created then, not even <c>IF NOT EXISTS</c>, which PostgreSQL
/// checks against the schema's CREATE privilege before it looks.
/// </remarks>
/// <param name="component">The row of <c>wilddns_schema</c> these tables own, e.g. <c>challenges</c>.</param>
/// <param name="tables">What the tables are, for the error about a newer schema: "the challenge tables".</param>
/// <param name="process">What to upgrade then: "this server".</param>
/// <param name="steps">The migrations by version; the last is the version this build reads and writes.</param>
public sealed class SchemaMigration(string component, string tables, string process, IReadOnlyList<string> steps)
{
    // An arbitrary constant that only WildDns's migrations lock, so that no two of them interleave: "WildDnsM" in ASCII.
    private const long MigrationLock = 0x57696C64446E734D;

    /// <summary>The schema version this build needs.</summary>
    public int Version => steps.Count;

    /// <summary>Brings the tables to <see cref="Version"/>; returns the version found before. Throws on a newer one.</summary>
    public int Migrate(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var found = ReadVersion(connection);
        if (found == Version)
        {
            return found;
        }

        // Migrating needs the CREATE privilege anyway, so IF NOT EXISTS costs nothing here. It also reads the catalog
        // afresh: a lookup such as to_regclass may still miss a table another process created while this one waited
        // for the advisory lock, which takes no relation lock and so lets the catalog cache go stale.
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock($1);", MigrationLock);
        Execute(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS wilddns_schema (component text PRIMARY KEY, version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now());");

        // Read again under the lock: another process may have migrated while this one waited.
        found = Scalar(connection, transaction, "SELECT version FROM wilddns_schema WHERE component = $1;", component) is int current ? current : 0;
        if (found > Version)
        {
            throw new InvalidOperationException(
                $"{char.ToUpperInvariant(tables[0])}{tables[1..]} were migrated by a newer WildDns (schema {found}); {process} reads schema {Version}. Upgrade {process}.");
        }

        for (var step = found; step < Version; step++)
        {
            Execute(connection, transaction, steps[step]);
        }

        Execute(
            connection,
            transaction,
            """
            INSERT INTO wilddns_schema (component, version) VALUES ($1, $2)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = now();
            """,
            component,
            Version);
        transaction.Commit();
        return found;
    }

    private int ReadVersion(NpgsqlConnection connection)
    {
        if (Scalar(connection, null, "SELECT to_regclass('wilddns_schema') IS NULL;") is true)
        {
            return 0;
        }

        return Scalar(connection, null, "SELECT version FROM wilddns_schema WHERE component = $1;", component) is int version ? version : 0;
    }
}
