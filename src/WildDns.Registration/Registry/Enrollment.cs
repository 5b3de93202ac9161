using WildDns.Registration.Identity;

namespace WildDns.Registration.Registry;

/// <summary>
/// One accepted EST request and its way to a certificate. Unique per device, label and request digest: the same
/// request sent again is the same enrollment, so it never causes a second order.
/// </summary>
/// <param name="Id">Assigned by the registry; 0 before it is stored.</param>
/// <param name="Label">Empty for the device's own certificate; a client label for a client's.</param>
/// <param name="CsrDigest">SHA-256 of <paramref name="Csr"/>, lower-case hex.</param>
/// <param name="Names">The names the request asks for, as the policy accepted them.</param>
/// <param name="Replaces">The certificate a renewal replaces (DER), so the CA can be told (RFC 9773); null for a first one.</param>
/// <param name="CaReference">What the CA asked to be handed back when it is polled again (an ACME order URL).</param>
/// <param name="NextAttemptAt">When the CA is to be asked again, while <see cref="EnrollmentState.Ordering"/>.</param>
/// <param name="Chain">The issued leaf and its chain, leaf first, DER each.</param>
public sealed record Enrollment(
    long Id,
    CertId CertId,
    string Label,
    string CsrDigest,
    byte[] Csr,
    IReadOnlyList<string> Names,
    EnrollmentState State,
    DateTimeOffset AcceptedAt,
    byte[]? Replaces = null,
    string? CaReference = null,
    DateTimeOffset? NextAttemptAt = null,
    IReadOnlyList<byte[]>? Chain = null,
    string? Failure = null,
    DateTimeOffset? CompletedAt = null)
{
    /// <summary>True while the CA still has to be asked or polled.</summary>
    public bool IsOpen => State is EnrollmentState.Accepted or EnrollmentState.Ordering;
}
