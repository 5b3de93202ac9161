namespace WildDns.Dns.Cookies;

/// <summary>What a server cookie a client presented is worth (RFC 9018 §4.3).</summary>
public enum ServerCookieVerdict
{
    /// <summary>Not made by this server for this client and client cookie, of another version, expired or from the future.</summary>
    Invalid,

    /// <summary>Ours and under half an hour old: it proves the client's address and is echoed as it came.</summary>
    Fresh,

    /// <summary>Ours and still valid, but over half an hour old (or made with the previous secret): a new one is issued.</summary>
    Worn,
}
