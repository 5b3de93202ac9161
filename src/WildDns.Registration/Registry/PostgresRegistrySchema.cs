using Npgsql;

namespace WildDns.Registration.Registry;

/// <summary>
/// Creates and migrates the registry's tables when a registrar starts, as the challenge store does its own: each step
/// once, in order, in one transaction with its version in the <c>wilddns_registry</c> row of <c>wilddns_schema</c>;
/// registrars starting together take turns under an advisory lock. A newer schema is refused, not guessed at. Once the
/// tables are current, starting creates nothing, so a role that may only read and write them suffices.
/// </summary>
public static class PostgresRegistrySchema
{
    /// <summary>The row of <c>wilddns_schema</c> that these tables own.</summary>
    public const string Component = "registry";

    // The same advisory lock as every other WildDns migration ("WildDnsM" in ASCII), so migrations never interleave.
    private const long MigrationLock = 0x57696C64446E734D;

    /// <summary>The migrations by version; the last is the version this build reads and writes.</summary>
    private static readonly string[] Steps =
    [
        // 1: the rows of the SQLite registry (instants as Unix milliseconds), and on each enrollment the registrar that
        // claimed it with the end of its lease (the database's clock, so registrars' clocks need not agree).
        """
        CREATE TABLE wilddns_registry_devices (
            certid text PRIMARY KEY,
            vendor text NOT NULL,
            model text NOT NULL,
            serial text NOT NULL,
            material text,
            institution text NOT NULL,
            canonical text NOT NULL,
            enabled boolean NOT NULL,
            registered_at bigint NOT NULL,
            secret_digest bytea NOT NULL,
            secret_expires_at bigint NOT NULL,
            secret_spent_at bigint,
            secret_spent_on bigint,
            secret_failures integer NOT NULL,
            secret_locked_until bigint
        );
        CREATE INDEX wilddns_registry_devices_institution ON wilddns_registry_devices (institution);
        CREATE TABLE wilddns_registry_enrollments (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            certid text NOT NULL REFERENCES wilddns_registry_devices (certid),
            label text NOT NULL,
            csr_digest text NOT NULL,
            csr bytea NOT NULL,
            names text NOT NULL,
            state text NOT NULL,
            accepted_at bigint NOT NULL,
            replaces bytea,
            ca_reference text,
            next_attempt_at bigint,
            chain text,
            failure text,
            completed_at bigint,
            claimed_by text,
            claimed_until timestamptz,
            UNIQUE (certid, label, csr_digest)
        );
        CREATE INDEX wilddns_registry_enrollments_open ON wilddns_registry_enrollments (id) WHERE state IN ('accepted', 'ordering');
        CREATE TABLE wilddns_registry_certificates (
            fingerprint text PRIMARY KEY,
            certid text NOT NULL REFERENCES wilddns_registry_devices (certid),
            label text NOT NULL,
            serial text NOT NULL,
            not_after bigint NOT NULL,
            issued_at bigint NOT NULL,
            enrollment_id bigint NOT NULL REFERENCES wilddns_registry_enrollments (id),
            der bytea NOT NULL
        );
        CREATE INDEX wilddns_registry_certificates_certid ON wilddns_registry_certificates (certid);
        CREATE TABLE wilddns_registry_clients (
            certid text NOT NULL REFERENCES wilddns_registry_devices (certid),
            label text NOT NULL,
            added_at bigint NOT NULL,
            PRIMARY KEY (certid, label)
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
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@lock);", ("lock", MigrationLock));
        Execute(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS wilddns_schema (component text PRIMARY KEY, version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now());");

        // Read again under the lock: another registrar may have migrated while this one waited.
        found = ReadVersion(connection, transaction);
        if (found > Version)
        {
            throw new InvalidOperationException(
                $"The registry tables were migrated by a newer WildDns (schema {found}); this one reads schema {Version}. Upgrade this registrar.");
        }

        for (var step = found; step < Version; step++)
        {
            Execute(connection, transaction, Steps[step]);
        }

        Execute(
            connection,
            transaction,
            """
            INSERT INTO wilddns_schema (component, version) VALUES (@component, @version)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = now();
            """,
            ("component", Component),
            ("version", Version));
        transaction.Commit();
        return found;
    }

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('wilddns_schema') IS NOT NULL;", connection, transaction);
        if (exists.ExecuteScalar() is not true)
        {
            return 0;
        }

        using var version = new NpgsqlCommand("SELECT version FROM wilddns_schema WHERE component = @component;", connection, transaction);
        version.Parameters.AddWithValue("component", Component);
        return version.ExecuteScalar() is int found ? found : 0;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
