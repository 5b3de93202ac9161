namespace WildDns.Registration.Registry;

/// <summary>Where an enrollment stands; each step is stored before the next begins, so a restart resumes it.</summary>
public enum EnrollmentState
{
    /// <summary>Checked and recorded; the CA has not been asked yet (it may be waiting for an order slot).</summary>
    Accepted,

    /// <summary>The CA has been asked; it may hold an order (<see cref="Enrollment.CaReference"/>) to be polled again.</summary>
    Ordering,

    /// <summary>The certificate is there (<see cref="Enrollment.Chain"/>).</summary>
    Issued,

    /// <summary>The CA refused; <see cref="Enrollment.Failure"/> says why.</summary>
    Failed,
}
