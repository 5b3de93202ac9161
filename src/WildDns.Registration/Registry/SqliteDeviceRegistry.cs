using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;
using WildDns.Registration.Secrets;
using WildDns.Storage;

namespace WildDns.Registration.Registry;

/// <summary>
/// The embedded registry: one SQLite file, <c>registry.db</c>, in the data directory, with the settings of the challenge
/// store (WAL, <c>synchronous=FULL</c> so a change is on disk before its task completes, <c>locking_mode=EXCLUSIVE</c> so a
/// second registrar cannot open the same file). One connection, used under a lock: the registry sees a few requests a
/// second at most, and serialising them makes the read-then-write steps of the workflow free of races.
/// </summary>
public sealed class SqliteDeviceRegistry : IDeviceRegistry
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "registry.db";

    private const int SchemaVersion = 1;

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private SqliteTransaction? transaction;

    /// <summary>Opens or creates <c>registry.db</c> in <paramref name="dataDirectory"/>, creating the directory (owner-only) if needed.</summary>
    public SqliteDeviceRegistry(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        DataDirectory.Create(dataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        SqliteConnection? opened = null;
        try
        {
            connection = opened = SqliteFile.Open(Path);
            Migrate();
        }
        catch (SqliteException exception)
        {
            opened?.Dispose();
            throw new InvalidOperationException(
                exception.SqliteErrorCode == 5
                    ? $"The registry {Path} is in use by another registrar; give each its own WildDns:Registrar:DataDirectory."
                    : $"Cannot open the registry {Path}: {exception.Message}",
                exception);
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    public Task<bool> TryAddDeviceAsync(Device device, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command(
            """
            INSERT INTO devices (certid, vendor, model, serial, material, institution, canonical, enabled, registered_at,
                                 secret_digest, secret_expires_at, secret_spent_at, secret_spent_on, secret_failures, secret_locked_until)
            VALUES ($certid, $vendor, $model, $serial, $material, $institution, $canonical, $enabled, $registered_at,
                    $digest, $expires_at, $spent_at, $spent_on, $failures, $locked_until)
            ON CONFLICT (certid) DO NOTHING;
            """,
            ("$certid", device.CertId.Value),
            ("$vendor", device.Dataset.Vendor),
            ("$model", device.Dataset.Model),
            ("$serial", device.Dataset.Serial),
            ("$material", device.Dataset.Material),
            ("$institution", device.Dataset.Institution),
            ("$canonical", device.Canonical),
            ("$enabled", device.Enabled),
            ("$registered_at", device.RegisteredAt.ToUnixTimeMilliseconds()));
        AddSecret(command, device.Secret);
        return command.ExecuteNonQuery() == 1;
    });

    public Task<Device?> FindDeviceAsync(CertId certId, CancellationToken cancellationToken = default) =>
        Run(() => ReadDevices("WHERE certid = $certid", ("$certid", certId.Value)).SingleOrDefault());

    public Task<IReadOnlyList<Device>> ListDevicesAsync(string? institution = null, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<Device>>(() => institution is null
            ? ReadDevices("ORDER BY certid")
            : ReadDevices("WHERE institution = $institution ORDER BY certid", ("$institution", institution)));

    public Task<bool> SetEnabledAsync(CertId certId, bool enabled, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command("UPDATE devices SET enabled = $enabled WHERE certid = $certid;", ("$enabled", enabled), ("$certid", certId.Value));
        return command.ExecuteNonQuery() == 1;
    });

    public Task<bool> SetSecretAsync(CertId certId, SecretState secret, CancellationToken cancellationToken = default) =>
        Run(() => WriteSecret(certId, secret));

    // The file is this registrar's alone (locking_mode=EXCLUSIVE) and its own workflow drives an enrollment once, so a
    // claim is only the accepted → ordering step; no lease is kept.
    public Task<Enrollment?> TryClaimEnrollmentAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default) => Run(() =>
    {
        var enrollment = ReadEnrollments("WHERE id = $id", ("$id", id)).SingleOrDefault();
        if (enrollment is not { IsOpen: true })
        {
            return null;
        }

        if (enrollment.State == EnrollmentState.Accepted)
        {
            enrollment = enrollment with { State = EnrollmentState.Ordering };
            UpdateProgress(enrollment);
        }

        return enrollment;
    });

    public Task<bool> RenewClaimAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Run(() => ReadEnrollments("WHERE id = $id", ("$id", id)).SingleOrDefault() is { IsOpen: true });

    public Task<Device?> UpdateSecretAsync(CertId certId, Func<Device, SecretState> change, CancellationToken cancellationToken = default) => RunInTransaction(() =>
    {
        if (ReadDevices("WHERE certid = $certid", ("$certid", certId.Value)).SingleOrDefault() is not { } device)
        {
            return null;
        }

        var secret = change(device);
        if (secret != device.Secret)
        {
            WriteSecret(certId, secret);
        }

        return device with { Secret = secret };
    });

    public Task<(Enrollment Enrollment, bool Added)> AddEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default) => RunInTransaction(() =>
    {
        var existing = ReadEnrollments(
            "WHERE certid = $certid AND label = $label AND csr_digest = $digest",
            ("$certid", enrollment.CertId.Value), ("$label", enrollment.Label), ("$digest", enrollment.CsrDigest)).SingleOrDefault();
        if (existing is not null)
        {
            return (existing, false);
        }

        long id;
        using (var command = Command(
            """
            INSERT INTO enrollments (certid, label, csr_digest, csr, names, state, accepted_at, replaces, ca_reference, next_attempt_at, chain, failure, completed_at)
            VALUES ($certid, $label, $digest, $csr, $names, $state, $accepted_at, $replaces, $reference, $next_attempt_at, $chain, $failure, $completed_at)
            RETURNING id;
            """,
            ("$certid", enrollment.CertId.Value),
            ("$label", enrollment.Label),
            ("$digest", enrollment.CsrDigest),
            ("$csr", enrollment.Csr),
            ("$names", string.Join('\n', enrollment.Names)),
            ("$accepted_at", enrollment.AcceptedAt.ToUnixTimeMilliseconds()),
            ("$replaces", enrollment.Replaces)))
        {
            AddProgress(command, enrollment);
            id = (long)command.ExecuteScalar()!;
        }

        if (enrollment.Label.Length > 0)
        {
            using var client = Command(
                "INSERT INTO clients (certid, label, added_at) VALUES ($certid, $label, $added_at) ON CONFLICT (certid, label) DO NOTHING;",
                ("$certid", enrollment.CertId.Value), ("$label", enrollment.Label), ("$added_at", enrollment.AcceptedAt.ToUnixTimeMilliseconds()));
            client.ExecuteNonQuery();
        }

        return (enrollment with { Id = id }, true);
    });

    public Task<Enrollment?> FindEnrollmentAsync(CertId certId, string label, string csrDigest, CancellationToken cancellationToken = default) =>
        Run(() => ReadEnrollments(
            "WHERE certid = $certid AND label = $label AND csr_digest = $digest",
            ("$certid", certId.Value), ("$label", label), ("$digest", csrDigest)).SingleOrDefault());

    public Task<Enrollment?> GetEnrollmentAsync(long id, CancellationToken cancellationToken = default) =>
        Run(() => ReadEnrollments("WHERE id = $id", ("$id", id)).SingleOrDefault());

    public Task UpdateEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default) => Run(() =>
    {
        UpdateProgress(enrollment);
        return true;
    });

    public Task CompleteEnrollmentAsync(Enrollment issued, DeviceCertificate certificate, CancellationToken cancellationToken = default) => RunInTransaction(() =>
    {
        UpdateProgress(issued);
        using var command = Command(
            """
            INSERT INTO certificates (fingerprint, certid, label, serial, not_after, issued_at, enrollment_id, der)
            VALUES ($fingerprint, $certid, $label, $serial, $not_after, $issued_at, $enrollment_id, $der)
            ON CONFLICT (fingerprint) DO NOTHING;
            """,
            ("$fingerprint", certificate.Fingerprint),
            ("$certid", certificate.CertId.Value),
            ("$label", certificate.Label),
            ("$serial", certificate.Serial),
            ("$not_after", certificate.NotAfter.ToUnixTimeMilliseconds()),
            ("$issued_at", certificate.IssuedAt.ToUnixTimeMilliseconds()),
            ("$enrollment_id", certificate.EnrollmentId),
            ("$der", certificate.Der));
        command.ExecuteNonQuery();
        return true;
    });

    public Task<IReadOnlyList<Enrollment>> ListOpenEnrollmentsAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<Enrollment>>(() => ReadEnrollments("WHERE state IN ('accepted', 'ordering') ORDER BY id"));

    public Task<IReadOnlyList<DeviceCertificate>> ListCertificatesAsync(CertId certId, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<DeviceCertificate>>(() => ReadCertificates("WHERE certid = $certid ORDER BY issued_at DESC, enrollment_id DESC", ("$certid", certId.Value)));

    public Task<DeviceCertificate?> FindCertificateAsync(string fingerprint, CancellationToken cancellationToken = default) =>
        Run(() => ReadCertificates("WHERE fingerprint = $fingerprint", ("$fingerprint", fingerprint)).SingleOrDefault());

    public Task<IReadOnlyList<DeviceClient>> ListClientsAsync(CertId certId, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command("SELECT label, added_at FROM clients WHERE certid = $certid ORDER BY label;", ("$certid", certId.Value));
        using var reader = command.ExecuteReader();
        var clients = new List<DeviceClient>();
        while (reader.Read())
        {
            clients.Add(new DeviceClient(certId, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
        }

        return (IReadOnlyList<DeviceClient>)clients;
    });

    public void Dispose() => connection.Dispose();

    private static void AddSecret(SqliteCommand command, SecretState secret)
    {
        command.Parameters.AddWithValue("$digest", secret.Digest);
        command.Parameters.AddWithValue("$expires_at", secret.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$spent_at", RegistryRows.Milliseconds(secret.SpentAt));
        command.Parameters.AddWithValue("$spent_on", (object?)secret.SpentOn ?? DBNull.Value);
        command.Parameters.AddWithValue("$failures", secret.Failures);
        command.Parameters.AddWithValue("$locked_until", RegistryRows.Milliseconds(secret.LockedUntil));
    }

    private static void AddProgress(SqliteCommand command, Enrollment enrollment)
    {
        command.Parameters.AddWithValue("$state", RegistryRows.State(enrollment.State));
        command.Parameters.AddWithValue("$reference", (object?)enrollment.CaReference ?? DBNull.Value);
        command.Parameters.AddWithValue("$next_attempt_at", RegistryRows.Milliseconds(enrollment.NextAttemptAt));
        command.Parameters.AddWithValue("$chain", RegistryRows.Chain(enrollment.Chain));
        command.Parameters.AddWithValue("$failure", (object?)enrollment.Failure ?? DBNull.Value);
        command.Parameters.AddWithValue("$completed_at", RegistryRows.Milliseconds(enrollment.CompletedAt));
    }

    private bool WriteSecret(CertId certId, SecretState secret)
    {
        using var command = Command(
            """
            UPDATE devices SET secret_digest = $digest, secret_expires_at = $expires_at, secret_spent_at = $spent_at,
                               secret_spent_on = $spent_on, secret_failures = $failures, secret_locked_until = $locked_until
            WHERE certid = $certid;
            """,
            ("$certid", certId.Value));
        AddSecret(command, secret);
        return command.ExecuteNonQuery() == 1;
    }

    private void UpdateProgress(Enrollment enrollment)
    {
        using var command = Command(
            """
            UPDATE enrollments SET state = $state, ca_reference = $reference, next_attempt_at = $next_attempt_at,
                                   chain = $chain, failure = $failure, completed_at = $completed_at
            WHERE id = $id;
            """,
            ("$id", enrollment.Id));
        AddProgress(command, enrollment);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Enrollment {enrollment.Id} is not in the registry.");
        }
    }

    private List<Device> ReadDevices(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = Command($"SELECT {RegistryRows.DeviceColumns} FROM devices {where};", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<Device>();
        while (reader.Read())
        {
            rows.Add(RegistryRows.ReadDevice(reader));
        }

        return rows;
    }

    private List<Enrollment> ReadEnrollments(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = Command($"SELECT {RegistryRows.EnrollmentColumns} FROM enrollments {where};", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<Enrollment>();
        while (reader.Read())
        {
            rows.Add(RegistryRows.ReadEnrollment(reader));
        }

        return rows;
    }

    private List<DeviceCertificate> ReadCertificates(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = Command($"SELECT {RegistryRows.CertificateColumns} FROM certificates {where};", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<DeviceCertificate>();
        while (reader.Read())
        {
            rows.Add(RegistryRows.ReadCertificate(reader));
        }

        return rows;
    }

    private Task<T> Run<T>(Func<T> work)
    {
        lock (gate)
        {
            return Task.FromResult(work());
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: its changes are durable together or not at all.</summary>
    private Task<T> RunInTransaction<T>(Func<T> work) => Run(() =>
    {
        using var started = connection.BeginTransaction();
        transaction = started;
        try
        {
            var result = work();
            started.Commit();
            return result;
        }
        finally
        {
            transaction = null;
        }
    });

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private void Migrate()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The registry {Path} was written by a newer WildDns (schema {version}); this one reads schema {SchemaVersion}.");
        }

        if (version == SchemaVersion)
        {
            return;
        }

        // Instants are Unix milliseconds; states are lower-case names, so the sqlite3 shell shows them as the README does.
        var schema = new StringBuilder(
            """
            BEGIN;
            CREATE TABLE devices (
                certid TEXT PRIMARY KEY,
                vendor TEXT NOT NULL,
                model TEXT NOT NULL,
                serial TEXT NOT NULL,
                material TEXT,
                institution TEXT NOT NULL,
                canonical TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                registered_at INTEGER NOT NULL,
                secret_digest BLOB NOT NULL,
                secret_expires_at INTEGER NOT NULL,
                secret_spent_at INTEGER,
                secret_spent_on INTEGER,
                secret_failures INTEGER NOT NULL,
                secret_locked_until INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX devices_institution ON devices (institution);
            CREATE TABLE enrollments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                certid TEXT NOT NULL REFERENCES devices (certid),
                label TEXT NOT NULL,
                csr_digest TEXT NOT NULL,
                csr BLOB NOT NULL,
                names TEXT NOT NULL,
                state TEXT NOT NULL,
                accepted_at INTEGER NOT NULL,
                replaces BLOB,
                ca_reference TEXT,
                next_attempt_at INTEGER,
                chain TEXT,
                failure TEXT,
                completed_at INTEGER,
                UNIQUE (certid, label, csr_digest)
            );
            CREATE INDEX enrollments_state ON enrollments (state);
            CREATE TABLE certificates (
                fingerprint TEXT PRIMARY KEY,
                certid TEXT NOT NULL REFERENCES devices (certid),
                label TEXT NOT NULL,
                serial TEXT NOT NULL,
                not_after INTEGER NOT NULL,
                issued_at INTEGER NOT NULL,
                enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
                der BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX certificates_certid ON certificates (certid);
            CREATE TABLE clients (
                certid TEXT NOT NULL REFERENCES devices (certid),
                label TEXT NOT NULL,
                added_at INTEGER NOT NULL,
                PRIMARY KEY (certid, label)
            ) WITHOUT ROWID;
            """);
        schema.Append(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SchemaVersion};\nCOMMIT;");
        Execute(schema.ToString());
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
