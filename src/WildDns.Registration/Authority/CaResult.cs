using System.Security.Cryptography.X509Certificates;

namespace WildDns.Registration.Authority;

/// <summary>The answer of <see cref="ICertificateAuthority.EnrollAsync"/>: pending with a retry interval, issued with a chain, or refused with a reason.</summary>
public sealed record CaResult
{
    private CaResult(CaOutcome outcome, TimeSpan retryAfter, IReadOnlyList<X509Certificate2> chain, string? reason, string? reference)
    {
        Outcome = outcome;
        RetryAfter = retryAfter;
        Chain = chain;
        Reason = reason;
        Reference = reference;
    }

    public CaOutcome Outcome { get; }

    /// <summary>How long to wait before asking again, when <see cref="CaOutcome.Pending"/>.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The leaf first, then the certificates that chain it to the CA, when <see cref="CaOutcome.Issued"/>.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Why the CA refused, in words for the device's operator, when <see cref="CaOutcome.Refused"/>.</summary>
    public string? Reason { get; }

    /// <summary>What to hand back in the next <see cref="CaRequest.Reference"/> (an ACME order URL), when pending.</summary>
    public string? Reference { get; }

    public static CaResult Pending(TimeSpan retryAfter, string? reference = null) =>
        new(CaOutcome.Pending, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter, [], null, reference);

    public static CaResult Issued(IReadOnlyList<X509Certificate2> chain) =>
        chain.Count > 0 ? new(CaOutcome.Issued, TimeSpan.Zero, chain, null, null) : throw new ArgumentException("An issued result needs its leaf.", nameof(chain));

    public static CaResult Refused(string reason) => new(CaOutcome.Refused, TimeSpan.Zero, [], reason, null);
}
