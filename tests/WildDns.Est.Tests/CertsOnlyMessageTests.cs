using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Testing;
using Xunit;

namespace WildDns.Est.Tests;

public sealed class CertsOnlyMessageTests
{
    [Fact]
    public void Certificates_round_trip_in_order_without_signers()
    {
        using var first = SelfSigned("first");
        using var second = SelfSigned("second");

        CertsOnlyMessage.TryDecodeBody(CertsOnlyMessage.EncodeBody([first, second]), out var certificates).Should().BeTrue();

        certificates.Select(certificate => certificate.Subject).Should().BeEquivalentTo("CN=first", "CN=second");
    }

    [Fact]
    public void An_empty_message_is_refused()
    {
        var encode = () => CertsOnlyMessage.Encode([]);

        encode.Should().Throw<ArgumentException>();
    }

    [ExternalToolFact("openssl")]
    public async Task Openssl_pkcs7_prints_every_certificate()
    {
        using var first = SelfSigned("first");
        using var second = SelfSigned("second");
        var file = Path.Combine(Path.GetTempPath(), $"wilddns-est-{Guid.NewGuid():N}.p7");
        await File.WriteAllBytesAsync(file, CertsOnlyMessage.Encode([first, second]));
        try
        {
            var openssl = await ChildProcess.RunAsync(
                ExternalTool.Require("openssl"), ["pkcs7", "-inform", "DER", "-in", file, "-print_certs", "-noout"], TimeSpan.FromSeconds(30));

            openssl.ExitCode.Should().Be(0, openssl.Output);
            openssl.Stdout.Should().Contain("subject=CN = first").And.Contain("subject=CN = second");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
    }
}
