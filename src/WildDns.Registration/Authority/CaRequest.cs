namespace WildDns.Registration.Authority;

/// <summary>What the CA gets for one enrollment: the device's own request and the names the registrar checked in it.</summary>
/// <param name="EnrollmentId">Stable across calls and restarts for the same request.</param>
/// <param name="CertId">The device's certid, for logs and the CA's own bookkeeping.</param>
/// <param name="Csr">The device's PKCS#10 request (DER), to finalize with as it is: the CA never sees the secret or the dataset.</param>
/// <param name="Names">The DNS names to order, each allowed by the registrar's policy.</param>
/// <param name="Replaces">The certificate (DER) a renewal replaces, for ARI (RFC 9773); null for a first certificate.</param>
/// <param name="Reference">The <see cref="CaResult.Reference"/> of the previous pending result for this enrollment; null on the first call.</param>
public sealed record CaRequest(long EnrollmentId, string CertId, byte[] Csr, IReadOnlyList<string> Names, byte[]? Replaces, string? Reference);
