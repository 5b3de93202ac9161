using Npgsql;
using WildDns.Registration.Identity;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Registry;

/// <summary>
/// The registry in PostgreSQL, shared by every registrar of one fleet (docs/replicas.md, "Registrars"): the same rows as
/// <see cref="SqliteDeviceRegistry"/> in tables prefixed <c>wilddns_registry_</c>, created and migrated at start by
/// <see cref="PostgresRegistrySchema"/>. What two registrars could race on is decided in the database: the claim of an
/// enrollment (one conditional UPDATE, with a lease), and every secret change (the device row locked while it is decided).
/// </summary>
public sealed class PostgresDeviceRegistry : IDeviceRegistry
{
    private readonly NpgsqlDataSource dataSource;

    private PostgresDeviceRegistry(NpgsqlDataSource dataSource) => this.dataSource = dataSource;

    /// <summary>Connects, migrates the tables to the version this build needs, and returns the registry.</summary>
    public static PostgresDeviceRegistry Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            using var connection = dataSource.OpenConnection();
            PostgresRegistrySchema.Migrate(connection);
            return new PostgresDeviceRegistry(dataSource);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public async Task<bool> TryAddDeviceAsync(Device device, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO wilddns_registry_devices ({RegistryRows.DeviceColumns})
            VALUES (@certid, @vendor, @model, @serial, @material, @institution, @canonical, @enabled, @registered_at,
                    @digest, @expires_at, @spent_at, @spent_on, @failures, @locked_until)
            ON CONFLICT (certid) DO NOTHING;
            """);
        Add(command, ("certid", device.CertId.Value), ("vendor", device.Dataset.Vendor), ("model", device.Dataset.Model), ("serial", device.Dataset.Serial),
            ("material", device.Dataset.Material), ("institution", device.Dataset.Institution), ("canonical", device.Canonical), ("enabled", device.Enabled),
            ("registered_at", RegistryRows.Milliseconds(device.RegisteredAt)));
        AddSecret(command, device.Secret);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Device?> FindDeviceAsync(CertId certId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(null, DeviceQuery("WHERE certid = @certid"), RegistryRows.ReadDevice, cancellationToken, ("certid", certId.Value)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<IReadOnlyList<Device>> ListDevicesAsync(string? institution = null, CancellationToken cancellationToken = default) =>
        institution is null
            ? await ReadAsync(null, DeviceQuery("ORDER BY certid"), RegistryRows.ReadDevice, cancellationToken).ConfigureAwait(false)
            : await ReadAsync(null, DeviceQuery("WHERE institution = @institution ORDER BY certid"), RegistryRows.ReadDevice, cancellationToken, ("institution", institution))
                .ConfigureAwait(false);

    public async Task<bool> SetEnabledAsync(CertId certId, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE wilddns_registry_devices SET enabled = @enabled WHERE certid = @certid;");
        Add(command, ("enabled", enabled), ("certid", certId.Value));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> SetSecretAsync(CertId certId, SecretState secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await WriteSecretAsync(connection, null, certId, secret, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Device?> UpdateSecretAsync(CertId certId, Func<Device, SecretState> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // FOR UPDATE: a second registrar checking a secret of the same device waits here until this decision is stored.
        var found = await ReadAsync(
            transaction, DeviceQuery("WHERE certid = @certid FOR UPDATE"), RegistryRows.ReadDevice, cancellationToken, ("certid", certId.Value)).ConfigureAwait(false);
        if (found.SingleOrDefault() is not { } device)
        {
            return null;
        }

        var secret = change(device);
        if (secret != device.Secret)
        {
            await WriteSecretAsync(connection, transaction, certId, secret, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return device with { Secret = secret };
    }

    public async Task<(Enrollment Enrollment, bool Added)> AddEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long? id;
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO wilddns_registry_enrollments
                (certid, label, csr_digest, csr, names, state, accepted_at, replaces, ca_reference, next_attempt_at, chain, failure, completed_at)
            VALUES (@certid, @label, @digest, @csr, @names, @state, @accepted_at, @replaces, @reference, @next_attempt_at, @chain, @failure, @completed_at)
            ON CONFLICT (certid, label, csr_digest) DO NOTHING
            RETURNING id;
            """,
            connection,
            transaction))
        {
            Add(command, ("certid", enrollment.CertId.Value), ("label", enrollment.Label), ("digest", enrollment.CsrDigest), ("csr", enrollment.Csr),
                ("names", string.Join('\n', enrollment.Names)), ("accepted_at", RegistryRows.Milliseconds(enrollment.AcceptedAt)), ("replaces", enrollment.Replaces));
            AddProgress(command, enrollment);
            id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        }

        if (id is null)
        {
            // The same request, stored already (perhaps a moment ago by the other registrar: the unique index made this
            // insert wait for its commit, so the row is visible to the next statement).
            var existing = await ReadAsync(
                transaction, EnrollmentQuery("WHERE certid = @certid AND label = @label AND csr_digest = @digest"), RegistryRows.ReadEnrollment, cancellationToken,
                ("certid", enrollment.CertId.Value), ("label", enrollment.Label), ("digest", enrollment.CsrDigest)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (existing.Single(), false);
        }

        if (enrollment.Label.Length > 0)
        {
            await using var client = new NpgsqlCommand(
                "INSERT INTO wilddns_registry_clients (certid, label, added_at) VALUES (@certid, @label, @added_at) ON CONFLICT (certid, label) DO NOTHING;",
                connection,
                transaction);
            Add(client, ("certid", enrollment.CertId.Value), ("label", enrollment.Label), ("added_at", RegistryRows.Milliseconds(enrollment.AcceptedAt)));
            await client.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (enrollment with { Id = id.Value }, true);
    }

    public async Task<Enrollment?> FindEnrollmentAsync(CertId certId, string label, string csrDigest, CancellationToken cancellationToken = default) =>
        (await ReadAsync(
            null, EnrollmentQuery("WHERE certid = @certid AND label = @label AND csr_digest = @digest"), RegistryRows.ReadEnrollment, cancellationToken,
            ("certid", certId.Value), ("label", label), ("digest", csrDigest)).ConfigureAwait(false)).SingleOrDefault();

    public async Task<Enrollment?> GetEnrollmentAsync(long id, CancellationToken cancellationToken = default) =>
        (await ReadAsync(null, EnrollmentQuery("WHERE id = @id"), RegistryRows.ReadEnrollment, cancellationToken, ("id", id)).ConfigureAwait(false)).SingleOrDefault();

    public async Task<Enrollment?> TryClaimEnrollmentAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        // One statement, so PostgreSQL decides between two registrars: the second one's UPDATE waits for the first's row
        // lock, re-checks the condition against the row the first wrote, and matches nothing.
        var claimed = await ReadAsync(
            null,
            $"""
            UPDATE wilddns_registry_enrollments
            SET state = 'ordering', claimed_by = @owner, claimed_until = now() + @lease
            WHERE id = @id
              AND (state = 'accepted'
                   OR (state = 'ordering' AND (claimed_by = @owner OR claimed_until IS NULL OR claimed_until < now())))
            RETURNING {RegistryRows.EnrollmentColumns};
            """,
            RegistryRows.ReadEnrollment,
            cancellationToken,
            ("id", id),
            ("owner", owner),
            ("lease", lease)).ConfigureAwait(false);
        return claimed.SingleOrDefault();
    }

    public async Task<bool> RenewClaimAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE wilddns_registry_enrollments SET claimed_until = now() + @lease
            WHERE id = @id AND state = 'ordering' AND claimed_by = @owner;
            """);
        Add(command, ("id", id), ("owner", owner), ("lease", lease));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task UpdateEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await UpdateProgressAsync(connection, null, enrollment, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteEnrollmentAsync(Enrollment issued, DeviceCertificate certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UpdateProgressAsync(connection, transaction, issued, cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            $"""
            INSERT INTO wilddns_registry_certificates ({RegistryRows.CertificateColumns})
            VALUES (@certid, @label, @fingerprint, @serial, @not_after, @issued_at, @enrollment_id, @der)
            ON CONFLICT (fingerprint) DO NOTHING;
            """,
            connection,
            transaction))
        {
            Add(command, ("certid", certificate.CertId.Value), ("label", certificate.Label), ("fingerprint", certificate.Fingerprint), ("serial", certificate.Serial),
                ("not_after", RegistryRows.Milliseconds(certificate.NotAfter)), ("issued_at", RegistryRows.Milliseconds(certificate.IssuedAt)),
                ("enrollment_id", certificate.EnrollmentId), ("der", certificate.Der));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Enrollment>> ListOpenEnrollmentsAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(null, EnrollmentQuery("WHERE state IN ('accepted', 'ordering') ORDER BY id"), RegistryRows.ReadEnrollment, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DeviceCertificate>> ListCertificatesAsync(CertId certId, CancellationToken cancellationToken = default) =>
        await ReadAsync(
            null, CertificateQuery("WHERE certid = @certid ORDER BY issued_at DESC, enrollment_id DESC"), RegistryRows.ReadCertificate, cancellationToken,
            ("certid", certId.Value)).ConfigureAwait(false);

    public async Task<DeviceCertificate?> FindCertificateAsync(string fingerprint, CancellationToken cancellationToken = default) =>
        (await ReadAsync(null, CertificateQuery("WHERE fingerprint = @fingerprint"), RegistryRows.ReadCertificate, cancellationToken, ("fingerprint", fingerprint))
            .ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<DeviceClient>> ListClientsAsync(CertId certId, CancellationToken cancellationToken = default) =>
        await ReadAsync(
            null,
            "SELECT label, added_at FROM wilddns_registry_clients WHERE certid = @certid ORDER BY label;",
            reader => new DeviceClient(certId, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))),
            cancellationToken,
            ("certid", certId.Value)).ConfigureAwait(false);

    public void Dispose() => dataSource.Dispose();

    private static string DeviceQuery(string rest) => $"SELECT {RegistryRows.DeviceColumns} FROM wilddns_registry_devices {rest};";

    private static string EnrollmentQuery(string rest) => $"SELECT {RegistryRows.EnrollmentColumns} FROM wilddns_registry_enrollments {rest};";

    private static string CertificateQuery(string rest) => $"SELECT {RegistryRows.CertificateColumns} FROM wilddns_registry_certificates {rest};";

    private static void Add(NpgsqlCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static void AddSecret(NpgsqlCommand command, SecretState secret) =>
        Add(command, ("digest", secret.Digest), ("expires_at", RegistryRows.Milliseconds(secret.ExpiresAt)), ("spent_at", RegistryRows.Milliseconds(secret.SpentAt)),
            ("spent_on", secret.SpentOn), ("failures", secret.Failures), ("locked_until", RegistryRows.Milliseconds(secret.LockedUntil)));

    private static void AddProgress(NpgsqlCommand command, Enrollment enrollment) =>
        Add(command, ("state", RegistryRows.State(enrollment.State)), ("reference", enrollment.CaReference), ("next_attempt_at", RegistryRows.Milliseconds(enrollment.NextAttemptAt)),
            ("chain", RegistryRows.Chain(enrollment.Chain)), ("failure", enrollment.Failure), ("completed_at", RegistryRows.Milliseconds(enrollment.CompletedAt)));

    private static async Task<bool> WriteSecretAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CertId certId, SecretState secret, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE wilddns_registry_devices SET secret_digest = @digest, secret_expires_at = @expires_at, secret_spent_at = @spent_at,
                                                secret_spent_on = @spent_on, secret_failures = @failures, secret_locked_until = @locked_until
            WHERE certid = @certid;
            """,
            connection,
            transaction);
        Add(command, ("certid", certId.Value));
        AddSecret(command, secret);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task UpdateProgressAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Enrollment enrollment, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE wilddns_registry_enrollments SET state = @state, ca_reference = @reference, next_attempt_at = @next_attempt_at,
                                                    chain = @chain, failure = @failure, completed_at = @completed_at
            WHERE id = @id;
            """,
            connection,
            transaction);
        Add(command, ("id", enrollment.Id));
        AddProgress(command, enrollment);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"Enrollment {enrollment.Id} is not in the registry.");
        }
    }

    private async Task<List<T>> ReadAsync<T>(
        NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = transaction?.Connection;
        var own = connection is null ? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            await using var command = new NpgsqlCommand(sql, connection ?? own, transaction);
            Add(command, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
