using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Enrollment.Est;

/// <summary>An EST server's answer to an enrollment request: issued certificates, "ask again later", or a refusal with its reason.</summary>
/// <param name="Outcome">Issued, pending or refused.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Certificates">The certificates of a 200 answer (unordered, as PKCS#7 carries them); empty otherwise.</param>
/// <param name="RetryAfter">The delay a 202 (or a 503) asked for.</param>
/// <param name="Reason">The text body of a refusal, or the status's name when it had none.</param>
public sealed record EstResponse(
    EstOutcome Outcome,
    HttpStatusCode Status,
    IReadOnlyList<X509Certificate2> Certificates,
    TimeSpan? RetryAfter,
    string Reason);
