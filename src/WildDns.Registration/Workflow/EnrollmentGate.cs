using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WildDns.Est;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Workflow;

/// <summary>
/// The checks in front of the workflow (SPEC §8.2): who is asking (a one-time secret, or the device's current certificate),
/// whether the device may, whether the request is acceptable, and then what the workflow has for the request. Free of
/// HTTP, so every rule is tested without a listener; thread-safe.
/// </summary>
public sealed class EnrollmentGate(
    IDeviceRegistry registry, EnrollmentWorkflow workflow, DeviceNames names, RegistrarSettings settings, TimeProvider time, AuditLog audit)
{
    private const string WrongCredentials = "The certid or the secret is wrong.";

    /// <summary>
    /// A first enrollment (<c>simpleenroll</c> with HTTP Basic <c>certid:secret</c>). The secret is spent when the
    /// certificate is delivered; the delivered request repeated gets the same certificate, anything else with a spent
    /// secret is refused.
    /// </summary>
    public async Task<EstAnswer> EnrollWithSecretAsync(string user, string secret, ReadOnlyMemory<byte> body, string peer, CancellationToken cancellationToken)
    {
        if (!CertId.TryParse(user, out var certId))
        {
            return Refuse(EstStatus.Unauthorized, WrongCredentials, peer, user);
        }

        var caller = $"device {certId} (secret) from {peer}";

        // Read, judged and written as one step in the registry, so concurrent guesses all count, through any registrar.
        var verdict = SecretVerdict.Wrong;
        var device = await registry.UpdateSecretAsync(
            certId,
            found =>
            {
                (verdict, var state) = SecretCheck.Check(found.Secret, secret, time.GetUtcNow(), settings.SecretPolicy);
                return state;
            },
            cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            // Hash anyway, so an unknown certid takes as long as a known one.
            OneTimeSecret.Matches(new byte[SHA256.HashSizeInBytes], secret);
            return Refuse(EstStatus.Unauthorized, WrongCredentials, caller, certId.Value);
        }

        switch (verdict)
        {
            case SecretVerdict.Locked:
                return Refuse(EstStatus.Unauthorized, $"Too many wrong secrets for {certId}; it is locked until {device.Secret.LockedUntil:yyyy-MM-dd HH:mm:ss} UTC.", caller, certId.Value);
            case SecretVerdict.Wrong:
                return Refuse(EstStatus.Unauthorized, WrongCredentials, caller, certId.Value);
        }

        if (!device.Enabled)
        {
            return Refuse(EstStatus.Forbidden, $"The device {certId} is disabled; its registrar can enable it again.", caller, certId.Value);
        }

        if (!CertificationRequest.TryDecode(body.Span, out var request, out var decodeError))
        {
            return Refuse(EstStatus.BadRequest, decodeError, caller, certId.Value);
        }

        var key = request!.Digest;
        var existing = await registry.FindEnrollmentAsync(certId, string.Empty, key, cancellationToken).ConfigureAwait(false);
        switch (verdict)
        {
            case SecretVerdict.Spent when existing is not null && existing.Id == device.Secret.SpentOn && existing.Chain is { } chain:
                return EstAnswer.Issued(chain);
            case SecretVerdict.Spent:
                return Refuse(
                    EstStatus.Unauthorized,
                    $"The secret of {certId} was used already: a certificate was delivered with it. Renew with simplereenroll and that certificate, or ask the registrar for a new secret.",
                    caller, certId.Value);
            case SecretVerdict.Expired:
                return Refuse(EstStatus.Unauthorized, $"The secret of {certId} expired at {device.Secret.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC; ask the registrar for a new one.", caller, certId.Value);
        }

        var answer = existing is not null
            ? Answer(existing)
            : await AcceptAsync(device.CertId, string.Empty, request, replaces: null, key, caller, cancellationToken).ConfigureAwait(false);
        if (answer.Status == EstStatus.Issued && existing is not null)
        {
            // Spent on the row as it is now, not as read above, so a lock or rotation stored meanwhile is kept.
            await registry.UpdateSecretAsync(certId, now => now.Secret with { SpentAt = time.GetUtcNow(), SpentOn = existing.Id }, cancellationToken).ConfigureAwait(false);
            audit.CertificateDelivered(caller, certId.Value, string.Empty, existing.Id, CertificateFingerprint.Of(answer.Chain[0]));
        }

        return answer;
    }

    /// <summary>
    /// A request authenticated by the device's current certificate as TLS client certificate: a renewal
    /// (<c>simplereenroll</c>, <paramref name="label"/> empty) or a client's certificate (<paramref name="label"/> a
    /// <see cref="ClientLabel"/>). The certificate is pinned by fingerprint to the one the registry delivered last;
    /// its extended key usage is not looked at, since public CAs no longer issue the client-authentication usage.
    /// </summary>
    public async Task<EstAnswer> EnrollWithCertificateAsync(X509Certificate2? clientCertificate, string label, ReadOnlyMemory<byte> body, string peer, CancellationToken cancellationToken)
    {
        if (clientCertificate is null)
        {
            return Refuse(EstStatus.Unauthorized, "This request needs the device's current certificate as the TLS client certificate.", peer, "-");
        }

        var fingerprint = CertificateFingerprint.Of(clientCertificate);
        var presented = await registry.FindCertificateAsync(fingerprint, cancellationToken).ConfigureAwait(false);
        if (presented is null || presented.Label.Length != 0)
        {
            return Refuse(EstStatus.Unauthorized, $"The TLS client certificate (sha256 {fingerprint}) is not a device certificate this registrar delivered.", peer, "-");
        }

        var certId = presented.CertId;
        var caller = $"device {certId} (certificate {fingerprint[..16]}) from {peer}";
        var device = await registry.FindDeviceAsync(certId, cancellationToken).ConfigureAwait(false);
        if (device is null || !device.Enabled)
        {
            return Refuse(EstStatus.Forbidden, $"The device {certId} is disabled; its registrar can enable it again.", caller, certId.Value);
        }

        if (!CertificationRequest.TryDecode(body.Span, out var request, out var decodeError))
        {
            return Refuse(EstStatus.BadRequest, decodeError, caller, certId.Value);
        }

        // The request's identity includes the certificate that authenticated it: the same CSR sent again with the new
        // certificate is a new renewal, while a lost answer to this one is found again with the old certificate.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{request!.Digest}:{fingerprint}")));
        var existing = await registry.FindEnrollmentAsync(certId, label, key, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return Deliver(Answer(existing), existing, caller);
        }

        var certificates = await registry.ListCertificatesAsync(certId, cancellationToken).ConfigureAwait(false);
        var current = certificates.First(certificate => certificate.Label.Length == 0);
        if (current.Fingerprint != fingerprint)
        {
            return Refuse(EstStatus.Unauthorized, $"The TLS client certificate was replaced by a newer one (sha256 {current.Fingerprint}); authenticate with the device's current certificate.", caller, certId.Value);
        }

        if (time.GetUtcNow() > clientCertificate.NotAfter.ToUniversalTime())
        {
            return Refuse(EstStatus.Unauthorized, $"The TLS client certificate expired at {clientCertificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC; enroll again with a new secret.", caller, certId.Value);
        }

        var replaces = label.Length == 0 ? current.Der : certificates.FirstOrDefault(certificate => certificate.Label == label)?.Der;
        var answer = await AcceptAsync(certId, label, request, replaces, key, caller, cancellationToken).ConfigureAwait(false);
        return answer;
    }

    private EstAnswer Deliver(EstAnswer answer, Enrollment enrollment, string caller)
    {
        if (answer.Status == EstStatus.Issued)
        {
            audit.CertificateDelivered(caller, enrollment.CertId.Value, enrollment.Label, enrollment.Id, CertificateFingerprint.Of(answer.Chain[0]));
        }

        return answer;
    }

    private async Task<EstAnswer> AcceptAsync(
        CertId certId, string label, CertificationRequest request, byte[]? replaces, string key, string caller, CancellationToken cancellationToken)
    {
        var verdict = CsrPolicy.Judge(request, names.For(certId, label));
        if (!verdict.Accepted)
        {
            return Refuse(EstStatus.BadRequest, verdict.Reason, caller, certId.Value);
        }

        // One request at a time per certificate: a device cannot run up orders at the CA by sending new requests while one is open.
        var open = await registry.ListOpenEnrollmentsAsync(cancellationToken).ConfigureAwait(false);
        if (open.Any(enrollment => enrollment.CertId == certId && enrollment.Label == label && enrollment.CsrDigest != key))
        {
            return Refuse(EstStatus.Conflict, "Another request of this device is being issued; repeat that request until it is answered, then send a new one if needed.", caller, certId.Value);
        }

        var enrollment = await workflow.SubmitAsync(
            new Enrollment(0, certId, label, key, request.Der, verdict.Names, EnrollmentState.Accepted, time.GetUtcNow(), replaces), cancellationToken).ConfigureAwait(false);
        audit.EnrollmentAccepted(caller, certId.Value, label, enrollment.Id, verdict.Names);
        return Answer(enrollment);
    }

    private EstAnswer Answer(Enrollment enrollment) => enrollment.State switch
    {
        EnrollmentState.Issued => EstAnswer.Issued(enrollment.Chain ?? []),
        EnrollmentState.Failed => EstAnswer.Refuse(EstStatus.BadRequest, $"The CA refused this request: {enrollment.Failure}"),
        _ => EstAnswer.Pending(settings.RetryAfter),
    };

    private EstAnswer Refuse(EstStatus status, string reason, string caller, string certId)
    {
        audit.EnrollmentRefused(caller, certId, reason);
        return EstAnswer.Refuse(status, reason);
    }
}
