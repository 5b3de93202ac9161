namespace WildDns.Dns.Tsig;

/// <summary>The TSIG error field (RFC 8945 §3, the extended RCODEs 16-22 from the IANA registry).</summary>
public enum TsigError : ushort
{
    NoError = 0,

    /// <summary>The MAC does not verify: the secret differs (RFC 8945 §5.2.2).</summary>
    BadSig = 16,

    /// <summary>No key of that name and algorithm (RFC 8945 §5.2.1).</summary>
    BadKey = 17,

    /// <summary>Time Signed is more than Fudge seconds from the server's clock (RFC 8945 §5.2.3).</summary>
    BadTime = 18,

    /// <summary>The MAC is truncated below what this server accepts (RFC 8945 §5.2.2.1).</summary>
    BadTrunc = 22,
}
