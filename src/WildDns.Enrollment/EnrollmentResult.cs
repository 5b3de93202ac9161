using System.Security.Cryptography.X509Certificates;

namespace WildDns.Enrollment;

/// <summary>The end of a device operation: its outcome, a line for the operator, and the certificate chain it produced, if any.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">One line that says it, with the reason of a refusal or the date renewal is due.</param>
/// <param name="Chain">Leaf then issuers, when a certificate was issued.</param>
public sealed record EnrollmentResult(EnrollmentOutcome Outcome, string Message, IReadOnlyList<X509Certificate2> Chain)
{
    /// <summary>True for every outcome but <see cref="EnrollmentOutcome.Refused"/> and <see cref="EnrollmentOutcome.StillPending"/>.</summary>
    public bool Succeeded => Outcome is not (EnrollmentOutcome.Refused or EnrollmentOutcome.StillPending);
}
