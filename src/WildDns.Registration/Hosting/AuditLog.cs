using Microsoft.Extensions.Logging;

namespace WildDns.Registration.Hosting;

/// <summary>
/// One log line per change (SPEC §8.1) in the category <c>WildDns.Registration.Audit</c>: who did what to which certid.
/// Never a secret: the methods take none.
/// </summary>
public sealed class AuditLog(ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger("WildDns.Registration.Audit");

    public void Registered(string caller, string certId, string institution) =>
        logger.LogInformation("audit: {Caller} registered {CertId} for institution {Institution}", caller, certId, institution);

    public void Disabled(string caller, string certId) => logger.LogInformation("audit: {Caller} disabled {CertId}", caller, certId);

    public void Enabled(string caller, string certId) => logger.LogInformation("audit: {Caller} enabled {CertId}", caller, certId);

    public void SecretRotated(string caller, string certId) => logger.LogInformation("audit: {Caller} gave {CertId} a new secret", caller, certId);

    public void EnrollmentAccepted(string caller, string certId, string label, long enrollment, IReadOnlyList<string> names) =>
        logger.LogInformation(
            "audit: {Caller} enrollment {Enrollment} accepted for {CertId}{Label}: {Names}",
            caller, enrollment, certId, label.Length == 0 ? string.Empty : "/" + label, string.Join(' ', names));

    public void CertificateDelivered(string caller, string certId, string label, long enrollment, string fingerprint) =>
        logger.LogInformation(
            "audit: {Caller} received enrollment {Enrollment}'s certificate for {CertId}{Label}, sha256 {Fingerprint}",
            caller, enrollment, certId, label.Length == 0 ? string.Empty : "/" + label, fingerprint);

    public void EnrollmentRefused(string caller, string certId, string reason) =>
        logger.LogInformation("audit: {Caller} refused for {CertId}: {Reason}", caller, certId, reason);
}
