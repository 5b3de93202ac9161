using System.Security.Cryptography.X509Certificates;

namespace WildDns.Registration.Authority;

/// <summary>
/// The CA behind the registrar: the whole contract between EST and whatever issues certificates (ACME to a public CA in
/// production, a local CA in tests). "Not yet" is a value (<see cref="CaOutcome.Pending"/>), not an exception.
/// </summary>
/// <remarks>
/// The registrar's workflow calls <see cref="EnrollAsync"/> for an enrollment until it returns
/// <see cref="CaOutcome.Issued"/> or <see cref="CaOutcome.Refused"/>, waiting the returned retry interval in between, and
/// never for two enrollments' worth of work under one <see cref="CaRequest.EnrollmentId"/>. The
/// <see cref="CaResult.Reference"/> of a pending result is stored durably and handed back in the next call's
/// <see cref="CaRequest.Reference"/>, also after a restart, so an implementation continues its order instead of placing
/// a second one. An exception means "failed this time": the workflow logs it and calls again later.
/// </remarks>
public interface ICertificateAuthority
{
    /// <summary>The CA certificates a device should trust for its chain (the EST <c>cacerts</c> answer, RFC 7030 §4.1); never empty.</summary>
    Task<IReadOnlyList<X509Certificate2>> GetCaCertificatesAsync(CancellationToken cancellationToken);

    /// <summary>Starts or continues the order for one accepted request.</summary>
    Task<CaResult> EnrollAsync(CaRequest request, CancellationToken cancellationToken);
}
