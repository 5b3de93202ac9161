namespace WildDns.Registration.Hosting;

/// <summary>The EST listener, <c>WildDns:Registrar:Est</c>: HTTPS for devices.</summary>
public sealed class EstSettings
{
    /// <summary>IP addresses, comma-separated; every address by default, since devices reach it from their networks.</summary>
    public string Listen { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 5443;

    /// <summary>The EST base URL devices are given in their dataset; by default <c>https://localhost:&lt;port&gt;/.well-known/est</c>.</summary>
    public string? Url { get; set; }

    /// <summary>TLS certificate: PKCS#12, or PEM with <see cref="CertificateKey"/>. Empty: a self-signed one is generated into the data directory.</summary>
    public string? Certificate { get; set; }

    public string? CertificateKey { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Put the certificate's fingerprint in datasets (<c>est_pin</c>) although it is configured: for a certificate from a
    /// private CA that devices do not trust. A generated certificate is always pinned.
    /// </summary>
    public bool Pin { get; set; }
}
