using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WildDns.Registration.Hosting;
using WildDns.Registration.Registry;

namespace WildDns.Registration.Est;

/// <summary>
/// The EST listener's TLS certificate: the configured one, or a self-signed ECDSA P-256 certificate generated into the
/// data directory on first start (<c>est.crt</c>, and <c>est.key</c> with mode 0600) and kept across restarts, so that
/// the <c>est_pin</c> handed to devices stays valid.
/// </summary>
public sealed class EstCertificate
{
    public const string CertificateFileName = "est.crt";
    public const string KeyFileName = "est.key";

    private EstCertificate(X509Certificate2 certificate, bool generated, bool pinned)
    {
        Certificate = certificate;
        Generated = generated;
        Fingerprint = CertificateFingerprint.Of(certificate);
        Pin = pinned || generated ? Fingerprint : null;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>True when the registrar made it (no certificate configured).</summary>
    public bool Generated { get; }

    /// <summary>SHA-256 of the certificate's DER, lower-case hex.</summary>
    public string Fingerprint { get; }

    /// <summary>What datasets carry as <c>est_pin</c>: the fingerprint for a generated or explicitly pinned certificate, else null.</summary>
    public string? Pin { get; }

    /// <summary>Loads the configured certificate, or the generated one (generating it first when it is missing).</summary>
    public static EstCertificate Load(RegistrarSettings settings)
    {
        var est = settings.Est;
        if (!string.IsNullOrWhiteSpace(est.Certificate))
        {
            var configured = string.IsNullOrWhiteSpace(est.CertificateKey)
                ? X509CertificateLoader.LoadPkcs12FromFile(est.Certificate, est.CertificatePassword)
                : X509Certificate2.CreateFromPemFile(est.Certificate, est.CertificateKey);
            return new EstCertificate(configured, generated: false, est.Pin);
        }

        var certificatePath = Path.Combine(settings.DataDirectory, CertificateFileName);
        var keyPath = Path.Combine(settings.DataDirectory, KeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            // One without the other is of no use; both are made anew (the key first, so a certificate never lacks its key).
            File.Delete(certificatePath);
            File.Delete(keyPath);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var created = CreateSelfSigned(key, HostOf(settings));
            OwnerOnlyFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(certificatePath, created.ExportCertificatePem() + "\n");
        }

        OwnerOnlyFile.Narrow(keyPath);
        using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // A PKCS#12 round trip gives a key SslStream can use on every platform.
        return new EstCertificate(X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null), generated: true, pinned: true);
    }

    private static string? HostOf(RegistrarSettings settings) =>
        Uri.TryCreate(settings.Est.Url, UriKind.Absolute, out var url) ? url.Host : null;

    private static X509Certificate2 CreateSelfSigned(ECDsa key, string? host)
    {
        var request = new CertificateRequest("CN=WildDns registrar EST", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (host is { Length: > 0 } && host != "localhost")
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        // Devices trust it by its pin, not by its dates; ten years spares them a pin change a CA would force.
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
    }
}
