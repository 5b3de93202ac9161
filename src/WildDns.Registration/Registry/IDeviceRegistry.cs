using WildDns.Registration.Identity;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Registry;

/// <summary>
/// The device registry (SPEC §8.1): devices, their secrets' state, certificates, clients and enrollments. Engine-neutral:
/// SQLite in the data directory by default (<see cref="SqliteDeviceRegistry"/>), or PostgreSQL shared by several
/// registrars (<see cref="PostgresDeviceRegistry"/>). Implementations are thread-safe, and every method's change is durable when its task completes.
/// </summary>
public interface IDeviceRegistry : IDisposable
{
    /// <summary>Adds a device; false (and nothing changed) when its certid is registered already.</summary>
    Task<bool> TryAddDeviceAsync(Device device, CancellationToken cancellationToken = default);

    Task<Device?> FindDeviceAsync(CertId certId, CancellationToken cancellationToken = default);

    /// <summary>Every device, or those of one institution (normalised name), ordered by certid.</summary>
    Task<IReadOnlyList<Device>> ListDevicesAsync(string? institution = null, CancellationToken cancellationToken = default);

    /// <summary>Enables or disables a device; false when there is no such device.</summary>
    Task<bool> SetEnabledAsync(CertId certId, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Replaces the device's secret state (rotation, a failure count, a lock, spending); false when there is no such device.</summary>
    Task<bool> SetSecretAsync(CertId certId, SecretState secret, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the device, decides its new secret state from it and stores that, as one atomic step against every other
    /// change of the same device (by this registrar or another on the same registry), so concurrent wrong guesses all
    /// count and a spending never undoes a lock. Returns the device as stored afterwards; null when there is no such device.
    /// </summary>
    Task<Device?> UpdateSecretAsync(CertId certId, Func<Device, SecretState> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new enrollment and returns it with its id (<c>Added</c> true), or returns the stored one with the same
    /// certid, label and request digest unchanged (<c>Added</c> false); a client label is recorded as the device's client
    /// in the same transaction.
    /// </summary>
    Task<(Enrollment Enrollment, bool Added)> AddEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default);

    Task<Enrollment?> FindEnrollmentAsync(CertId certId, string label, string csrDigest, CancellationToken cancellationToken = default);

    Task<Enrollment?> GetEnrollmentAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Stores an enrollment's new state (its state, CA reference, next attempt, failure).</summary>
    Task UpdateEnrollmentAsync(Enrollment enrollment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims an open enrollment for <paramref name="owner"/> until <paramref name="lease"/> from now, in one atomic step:
    /// an accepted one becomes <see cref="EnrollmentState.Ordering"/>; an ordering one is taken over only when its claim
    /// expired (its registrar stopped) or is the owner's own. Returns the claimed enrollment, or null when it has ended or
    /// another registrar holds it, so an enrollment seen by two registrars is ordered by one.
    /// </summary>
    Task<Enrollment?> TryClaimEnrollmentAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="owner"/>'s claim to <paramref name="lease"/> from now; false when the claim was lost or the enrollment ended.</summary>
    Task<bool> RenewClaimAsync(long id, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Stores an issued enrollment and records its certificate in one transaction.</summary>
    Task CompleteEnrollmentAsync(Enrollment issued, DeviceCertificate certificate, CancellationToken cancellationToken = default);

    /// <summary>The enrollments still <see cref="EnrollmentState.Accepted"/> or <see cref="EnrollmentState.Ordering"/>, oldest first.</summary>
    Task<IReadOnlyList<Enrollment>> ListOpenEnrollmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>The device's certificates (its own and its clients'), newest first.</summary>
    Task<IReadOnlyList<DeviceCertificate>> ListCertificatesAsync(CertId certId, CancellationToken cancellationToken = default);

    /// <summary>The certificate with this SHA-256 fingerprint (lower-case hex), if the registrar delivered it.</summary>
    Task<DeviceCertificate?> FindCertificateAsync(string fingerprint, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeviceClient>> ListClientsAsync(CertId certId, CancellationToken cancellationToken = default);
}
