namespace WildDns.Registration.Ordering;

/// <summary>The registrar's ACME side, <c>WildDns:Registrar:Acme</c>: which CA, which account, and where challenges go.</summary>
public sealed class AcmeSettings
{
    public const string Section = "WildDns:Registrar:Acme";

    /// <summary>The CA's directory URL, e.g. <c>https://acme-v02.api.letsencrypt.org/directory</c>.</summary>
    public string? DirectoryUrl { get; set; }

    /// <summary>PEM CA certificates to trust for the ACME server's TLS besides the system's (a test CA such as pebble's).</summary>
    public string? CaFile { get; set; }

    /// <summary>Account contacts, e.g. <c>mailto:pki@example.com</c>; a bare address gets <c>mailto:</c>.</summary>
    public List<string> Contact { get; set; } = [];

    /// <summary>External Account Binding key id (RFC 8555 §7.3.4), when the CA requires one.</summary>
    public string? EabKeyId { get; set; }

    /// <summary>External Account Binding MAC key, base64url; prefer <see cref="EabMacKeyFile"/>.</summary>
    public string? EabMacKey { get; set; }

    /// <summary>A file holding the External Account Binding MAC key.</summary>
    public string? EabMacKeyFile { get; set; }

    /// <summary>PEM CA certificates devices are told to trust (EST <c>cacerts</c>), e.g. ISRG Root X1; empty: the top of the last chain issued.</summary>
    public string? CaCertificates { get; set; }

    /// <summary>The WildDns control plane the values are published through, e.g. <c>http://127.0.0.1:5380</c>.</summary>
    public string ControlUrl { get; set; } = "http://127.0.0.1:5380";

    /// <summary>The control plane's bearer token; prefer <see cref="ControlTokenFile"/>.</summary>
    public string? ControlToken { get; set; }

    /// <summary>A file holding the control plane's token, e.g. the WildDns server's <c>data/control.token</c>.</summary>
    public string? ControlTokenFile { get; set; }

    /// <summary>Every authoritative nameserver of the zone as HOST:PORT; a challenge is answered only when all serve the value.</summary>
    public List<string> Nameservers { get; set; } = [];

    /// <summary>How long to wait for every nameserver to serve the values before the attempt fails (and is tried again).</summary>
    public TimeSpan PropagationTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
