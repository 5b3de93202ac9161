namespace WildDns.Dns.Cookies;

/// <summary>What a query's COOKIE option (RFC 7873 §4) holds.</summary>
public enum CookieStatus
{
    /// <summary>No OPT record, or an OPT record without a COOKIE option (RFC 7873 §5.2.1).</summary>
    None,

    /// <summary>A COOKIE option of a length RFC 7873 §5.2.2 calls malformed: FORMERR.</summary>
    Malformed,

    /// <summary>A client cookie alone (§5.2.3): the client asks for a server cookie.</summary>
    ClientOnly,

    /// <summary>A client cookie and a server cookie of 8 to 32 bytes, still to be checked (§5.2.4, §5.2.5).</summary>
    ClientAndServer,
}
