namespace WildDns.Enrollment.Renewal;

/// <summary>What <see cref="RenewalDecision.Decide"/> found.</summary>
public enum RenewalOutcome
{
    /// <summary>More than a third of the certificate's life is left.</summary>
    NotDue,

    /// <summary>In the last third of its life.</summary>
    Due,

    /// <summary>Renewal was asked for whatever the dates.</summary>
    Forced,

    /// <summary>Past its not-after: renewal by the current certificate will be refused by the registrar's TLS, but is tried.</summary>
    Expired,
}
