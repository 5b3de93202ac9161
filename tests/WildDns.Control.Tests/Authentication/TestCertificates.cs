using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Control.Tests.Authentication;

/// <summary>Throwaway certificates for mutual TLS: a CA, a server certificate for 127.0.0.1 and client certificates.</summary>
internal static class TestCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    public static X509Certificate2 CreateServer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    public static X509Certificate2 CreateClient(X509Certificate2 authority, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication)], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(authority, now.AddHours(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(8));

        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        if (keyPath is not null)
        {
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
    }
}
