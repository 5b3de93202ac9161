namespace WildDns.Enrollment.Renewal;

/// <summary>Whether a certificate should be renewed now, and if not, from when.</summary>
/// <param name="Outcome">Renew now, or not yet.</param>
/// <param name="DueAt">The moment the certificate enters the last third of its life.</param>
public readonly record struct RenewalDecision(RenewalOutcome Outcome, DateTimeOffset DueAt)
{
    /// <summary>
    /// Renew when less than a third of the certificate's life is left (SPEC §8.4), as ACME clients such as certbot and
    /// lego do by default: with 90-day certificates that leaves 30 days for a failing renewal to be noticed and fixed.
    /// <c>force</c> renews whatever the dates. Examples, for a certificate valid 1 Jan to 31 Mar (89 days):
    /// 1 Feb → NotDue (due 1 Mar 16:00); 2 Mar → Due; 1 Apr → Expired.
    /// </summary>
    public static RenewalDecision Decide(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now, bool force = false)
    {
        var lifetime = notAfter - notBefore;
        var dueAt = notAfter - (lifetime / 3);
        if (now >= notAfter)
        {
            return new RenewalDecision(RenewalOutcome.Expired, dueAt);
        }

        if (force)
        {
            return new RenewalDecision(RenewalOutcome.Forced, dueAt);
        }

        return new RenewalDecision(now >= dueAt ? RenewalOutcome.Due : RenewalOutcome.NotDue, dueAt);
    }

    /// <summary>True when the device should ask for a new certificate now.</summary>
    public bool ShouldRenew => Outcome != RenewalOutcome.NotDue;
}
