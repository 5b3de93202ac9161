using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Enrollment.Datasets;
using Xunit;

namespace WildDns.Enrollment.Tests.Datasets;

public sealed class CertificatePinTests
{
    [Theory]
    [InlineData("lower-case hex", false, false)]
    [InlineData("upper-case with colons, as openssl prints it", true, true)]
    [InlineData("with a sha256: prefix", false, true)]
    public void TryParse_AcceptsTheUsualSpellings_AndMatchesOnlyThatCertificate(string scenario, bool upper, bool colons)
    {
        using var certificate = SelfSigned("pinned.test");
        using var other = SelfSigned("other.test");
        var hex = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var text = upper ? hex.ToUpperInvariant() : hex;
        if (colons)
        {
            text = string.Join(':', Enumerable.Range(0, text.Length / 2).Select(i => text.Substring(i * 2, 2)));
        }

        if (scenario.Contains("prefix", StringComparison.Ordinal))
        {
            text = "sha256:" + text;
        }

        CertificatePin.TryParse(text, out var pin).Should().BeTrue();
        pin.Matches(certificate).Should().BeTrue();
        pin.Matches(other).Should().BeFalse();
        pin.Should().Be(CertificatePin.Of(certificate));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("31 bytes", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a")]
    [InlineData("not hex", "zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void TryParse_RefusesWhatIsNotASha256Digest(string scenario, string text) =>
        CertificatePin.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Default_MatchesNothing()
    {
        using var certificate = SelfSigned("any.test");

        default(CertificatePin).Matches(certificate).Should().BeFalse();
    }

    internal static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
