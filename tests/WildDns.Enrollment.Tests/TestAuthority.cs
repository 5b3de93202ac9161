using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Enrollment.Tests;

/// <summary>A root and an intermediate made for one test, issuing leaves for requests: stands in for the public CA, which these in-process tests do not reach.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long serial = 1000;

    public TestAuthority()
    {
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=WildDns Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        Root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        var intermediateRequest = new CertificateRequest("CN=WildDns Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var issued = intermediateRequest.Create(Root, now.AddDays(-1), now.AddMonths(6), NextSerial());
        Intermediate = issued.CopyWithPrivateKey(intermediateKey);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>A leaf for the names and key of a PKCS#10 request, valid from <paramref name="notBefore"/> for <paramref name="lifetime"/>.</summary>
    public X509Certificate2 Issue(byte[] csrDer, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null)
    {
        var request = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return request.Create(Intermediate, from, from + (lifetime ?? TimeSpan.FromDays(90)), NextSerial());
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        rootKey.Dispose();
        intermediateKey.Dispose();
    }

    private byte[] NextSerial() => BitConverter.GetBytes(Interlocked.Increment(ref serial));
}
