using Npgsql;
using WildDns.Storage;

namespace WildDns.Registration.Registry;

/// <summary>
/// The registry's tables in a shared PostgreSQL database and their migrations, applied by <see cref="SchemaMigration"/>
/// when a registrar starts, as the challenge store applies its own: registrars starting together take turns, a newer
/// schema is refused, and once the tables are current a role that may only read and write them suffices.
/// </summary>
public static class PostgresRegistrySchema
{
    /// <summary>The row of <c>wilddns_schema</c> that these tables own.</summary>
    public const string Component = "registry";

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

    private static readonly SchemaMigration Migration = new(Component, "the registry tables", "this registrar", Steps);

    /// <summary>The schema version this build needs.</summary>
    public static int Version => Migration.Version;

    /// <summary>Brings the tables to <see cref="Version"/>; returns the version found before. Throws on a newer one.</summary>
    public static int Migrate(NpgsqlConnection connection) => Migration.Migrate(connection);
}
