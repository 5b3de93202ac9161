namespace WildDns.Dns.RateLimiting;

/// <summary>What <see cref="ReflectionGuard"/> did to a response, as counted in <see cref="ReflectionCounters"/>.</summary>
public enum ReflectionEvent
{
    /// <summary>Over the rate (then one of <see cref="Slipped"/>, <see cref="Dropped"/> or <see cref="BadCookie"/>).</summary>
    Limited,

    /// <summary>Sent as an empty truncated answer, so the resolver retries over TCP.</summary>
    Slipped,

    /// <summary>Not sent.</summary>
    Dropped,

    /// <summary>Sent as BADCOOKIE with a fresh server cookie to a limited client that speaks cookies (RFC 7873 §5.2.3), so it retries over UDP with proof of its address.</summary>
    BadCookie,

    /// <summary>A query with a valid server cookie: answered and never limited.</summary>
    CookieValid,

    /// <summary>A new server cookie handed out (the query had only a client cookie, an invalid or a worn server cookie).</summary>
    CookieIssued,

    /// <summary>A malformed COOKIE option answered with FORMERR (RFC 7873 §5.2.2).</summary>
    CookieMalformed,
}
