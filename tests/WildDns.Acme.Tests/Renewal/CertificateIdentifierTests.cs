using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Acme.Renewal;
using Xunit;

namespace WildDns.Acme.Tests.Renewal;

public sealed class CertificateIdentifierTests
{
    [Fact]
    public void Rfc9773ExampleGivesItsIdentifier()
    {
        // RFC 9773 §4.1: keyIdentifier 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4 and serial 00:87:65:43:21.
        using var certificate = Issue(Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4"), Convert.FromHexString("0087654321"));
        CertificateIdentifier.For(certificate).Should().Be("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
    }

    [Fact]
    public void CertificateWithoutAuthorityKeyIdentifierIsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var act = () => CertificateIdentifier.For(certificate);
        act.Should().Throw<ArgumentException>().WithMessage("*Authority Key Identifier*");
    }

    internal static X509Certificate2 Issue(byte[] authorityKeyId, byte[] serial, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyId));
        var now = DateTimeOffset.UtcNow;
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var generator = X509SignatureGenerator.CreateForECDsa(issuerKey);
        var certificate = request.Create(new X500DistinguishedName("CN=issuer"), generator, now.AddDays(-1), notAfter ?? now.AddDays(30), serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
