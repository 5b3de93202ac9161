using System.Data.Common;
using System.Security.Cryptography;
using WildDns.Registration.Identity;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Registry;

/// <summary>
/// The registry's rows as both engines store them: instants as Unix milliseconds, states as lower-case names, the chain as
/// PEM text. Each reader selects the columns in the order of <see cref="DeviceColumns"/>, <see cref="EnrollmentColumns"/>
/// and <see cref="CertificateColumns"/>.
/// </summary>
internal static class RegistryRows
{
    public const string DeviceColumns =
        "certid, vendor, model, serial, material, institution, canonical, enabled, registered_at, " +
        "secret_digest, secret_expires_at, secret_spent_at, secret_spent_on, secret_failures, secret_locked_until";

    public const string EnrollmentColumns =
        "id, certid, label, csr_digest, csr, names, state, accepted_at, replaces, ca_reference, next_attempt_at, chain, failure, completed_at";

    public const string CertificateColumns = "certid, label, fingerprint, serial, not_after, issued_at, enrollment_id, der";

    public static long Milliseconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static object Milliseconds(DateTimeOffset? instant) => (object?)instant?.ToUnixTimeMilliseconds() ?? DBNull.Value;

    public static string State(EnrollmentState state) => state.ToString().ToLowerInvariant();

    public static object Chain(IReadOnlyList<byte[]>? chain) =>
        chain is null ? DBNull.Value : string.Concat(chain.Select(der => PemEncoding.WriteString("CERTIFICATE", der) + "\n"));

    public static Device ReadDevice(DbDataReader reader)
    {
        CertId.TryParse(reader.GetString(0), out var certId);
        return new Device(
            certId,
            new DeviceDataset(reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4), reader.GetString(5)),
            reader.GetString(6),
            reader.GetBoolean(7),
            Instant(reader.GetInt64(8)),
            new SecretState(
                Blob(reader, 9)!,
                Instant(reader.GetInt64(10)),
                Instant(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.GetInt32(13),
                Instant(reader, 14)));
    }

    public static Enrollment ReadEnrollment(DbDataReader reader)
    {
        CertId.TryParse(reader.GetString(1), out var certId);
        return new Enrollment(
            reader.GetInt64(0),
            certId,
            reader.GetString(2),
            reader.GetString(3),
            Blob(reader, 4)!,
            reader.GetString(5).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Enum.Parse<EnrollmentState>(reader.GetString(6), ignoreCase: true),
            Instant(reader.GetInt64(7)),
            Blob(reader, 8),
            Text(reader, 9),
            Instant(reader, 10),
            Text(reader, 11) is { } chain ? SplitChain(chain) : null,
            Text(reader, 12),
            Instant(reader, 13));
    }

    public static DeviceCertificate ReadCertificate(DbDataReader reader)
    {
        CertId.TryParse(reader.GetString(0), out var certId);
        return new DeviceCertificate(
            certId, reader.GetString(1), reader.GetString(2), reader.GetString(3), Instant(reader.GetInt64(4)), Instant(reader.GetInt64(5)),
            reader.GetInt64(6), Blob(reader, 7)!);
    }

    private static DateTimeOffset Instant(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static DateTimeOffset? Instant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant(reader.GetInt64(ordinal));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static byte[]? Blob(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);

    private static IReadOnlyList<byte[]> SplitChain(string pem)
    {
        var chain = new List<byte[]>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            chain.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            rest = rest[fields.Location.End..];
        }

        return chain;
    }
}
