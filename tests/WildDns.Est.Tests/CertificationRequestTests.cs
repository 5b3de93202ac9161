using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluentAssertions;
using Xunit;

namespace WildDns.Est.Tests;

public sealed class CertificationRequestTests
{
    [Fact]
    public void A_base64_request_is_read_with_its_names_and_a_verifying_signature()
    {
        var der = NewRequest("*.c0123456789ab.cert.example.com");

        CertificationRequest.TryDecode(EstBase64.Encode(der), out var request, out var error).Should().BeTrue(error);

        request!.SignatureVerifies.Should().BeTrue();
        request.Der.Should().Equal(der);
        request.Digest.Should().Be(Convert.ToHexStringLower(SHA256.HashData(der)));
        request.Request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().Single()
            .EnumerateDnsNames().Should().Equal("*.c0123456789ab.cert.example.com");
    }

    [Fact]
    public void A_request_whose_signature_was_altered_is_read_but_does_not_verify()
    {
        var der = NewRequest("*.c0123456789ab.cert.example.com");
        der[^1] ^= 0x01;

        CertificationRequest.TryLoad(der, out var request, out var error).Should().BeTrue(error);

        request!.SignatureVerifies.Should().BeFalse();
    }

    [Fact]
    public void A_certificate_is_not_a_request()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        CertificationRequest.TryDecode(EstBase64.Encode(certificate.RawData), out _, out var error).Should().BeFalse();

        error.Should().StartWith("The body is not a PKCS#10 certification request");
    }

    [Fact]
    public void A_PEM_body_is_refused_with_a_reason_that_names_PEM()
    {
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", NewRequest("x.example.com"));

        CertificationRequest.TryDecode(Encoding.ASCII.GetBytes(pem), out _, out var error).Should().BeFalse();

        error.Should().Contain("PEM");
    }

    internal static byte[] NewRequest(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=device", key, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternative.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternative.Build());
        return request.CreateSigningRequest();
    }
}
