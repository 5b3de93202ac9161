using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Enrollment.Requests;

/// <summary>A new P-256 key and the PKCS#10 request for a set of DNS names, signed with it.</summary>
public sealed class DeviceCertificateRequest : IDisposable
{
    private DeviceCertificateRequest(ECDsa key, byte[] der)
    {
        Key = key;
        Der = der;
    }

    /// <summary>The private key; it stays in the device's directory and is never sent.</summary>
    public ECDsa Key { get; }

    /// <summary>The DER-encoded PKCS#10 request.</summary>
    public byte[] Der { get; }

    /// <summary>
    /// Makes a P-256 key and a request for <paramref name="names"/>. The names go into the subjectAltName, which is
    /// what CAs issue for (RFC 8555 §7.4 finalize, CA/B Forum BR §7.1.4.2); the subject carries the first name as CN
    /// only for tools that still display it, and is cut to the 64 characters X.520 allows.
    /// </summary>
    public static DeviceCertificateRequest Create(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("a certificate request needs at least one name.", nameof(names));
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            return new DeviceCertificateRequest(key, Sign(key, names));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A request for <paramref name="names"/> signed with an existing key (a client's, or a test's).</summary>
    public static byte[] Sign(ECDsa key, IReadOnlyList<string> names)
    {
        var commonName = names[0].Length <= 64 ? names[0] : names[0][..64];
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternativeNames.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternativeNames.Build(critical: false));
        return request.CreateSigningRequest();
    }

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public string KeyPem() => Key.ExportPkcs8PrivateKeyPem();

    public void Dispose() => Key.Dispose();
}
