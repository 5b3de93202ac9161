using WildDns.Registration.Identity;

namespace WildDns.Registration.Registry;

/// <summary>A certificate the registrar delivered: for the device itself (<see cref="Label"/> empty) or for one of its clients.</summary>
/// <param name="Fingerprint">SHA-256 of the certificate's DER, lower-case hex: what a re-enrollment's TLS client certificate is pinned against.</param>
/// <param name="Serial">The serial number in upper-case hex, as the CA wrote it.</param>
/// <param name="Der">The certificate itself, so a renewal can name the one it replaces (ARI, RFC 9773).</param>
public sealed record DeviceCertificate(
    CertId CertId, string Label, string Fingerprint, string Serial, DateTimeOffset NotAfter, DateTimeOffset IssuedAt, long EnrollmentId, byte[] Der);
