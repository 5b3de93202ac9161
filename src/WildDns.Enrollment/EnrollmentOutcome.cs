namespace WildDns.Enrollment;

/// <summary>How a device operation ended.</summary>
public enum EnrollmentOutcome
{
    /// <summary>A first certificate was installed.</summary>
    Enrolled,

    /// <summary>The directory already held a certificate; nothing was sent.</summary>
    AlreadyEnrolled,

    /// <summary>A new key and certificate replaced the old ones.</summary>
    Renewed,

    /// <summary>Renewal is not due yet; nothing was sent.</summary>
    NotDue,

    /// <summary>A client's certificate was issued.</summary>
    Issued,

    /// <summary>The server still answered 202 when the wait ran out; the same command can be run again.</summary>
    StillPending,

    /// <summary>The server refused; the message says why.</summary>
    Refused,
}
