namespace WildDns.Enrollment.Est;

/// <summary>How an EST enrollment request was answered (RFC 7030 §4.2.3).</summary>
public enum EstOutcome
{
    /// <summary>200: the certificate is in the answer.</summary>
    Issued,

    /// <summary>202: accepted, ask again after Retry-After.</summary>
    Pending,

    /// <summary>Any 4xx or 5xx: refused, with the server's reason.</summary>
    Refused,
}
