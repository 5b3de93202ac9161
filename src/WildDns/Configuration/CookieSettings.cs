namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Dns:Cookies</c> section: DNS Cookies (RFC 7873) with RFC 9018 server cookies (docs/configuration.md).</summary>
public sealed class CookieSettings
{
    public const string Section = "WildDns:Dns:Cookies";

    public bool Enabled { get; set; } = true;

    /// <summary>A file holding the 16-byte server secret as 32 hex digits; the way to share it across an anycast set.</summary>
    public string? SecretFile { get; set; }

    /// <summary>The server secret itself, as 32 hex digits (for the environment: <c>WildDns__Dns__Cookies__Secret</c>); random at each start when neither is set.</summary>
    public string? Secret { get; set; }

    /// <summary>The secret being rolled away from (RFC 9018 §5): its cookies are still accepted, and replaced.</summary>
    public string? PreviousSecret { get; set; }
}
