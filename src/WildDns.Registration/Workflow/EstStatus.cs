namespace WildDns.Registration.Workflow;

/// <summary>How an EST enrollment request is answered; each maps to one HTTP status (RFC 7030 §4.2.3).</summary>
public enum EstStatus
{
    /// <summary>200 with the certificate and its chain.</summary>
    Issued,

    /// <summary>202 with Retry-After: accepted, the CA is working on it.</summary>
    Pending,

    /// <summary>400 with a text reason: the request is unusable (not a CSR, names, key, refused by the CA).</summary>
    BadRequest,

    /// <summary>401: no, wrong, spent or expired credentials, or a locked certid.</summary>
    Unauthorized,

    /// <summary>403: the device is disabled.</summary>
    Forbidden,

    /// <summary>409: another request of this device is still being worked on.</summary>
    Conflict,
}
