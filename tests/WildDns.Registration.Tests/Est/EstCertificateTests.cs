using FluentAssertions;
using WildDns.Registration.Est;
using WildDns.Registration.Hosting;
using Xunit;

namespace WildDns.Registration.Tests.Est;

public sealed class EstCertificateTests : IDisposable
{
    private readonly RegistrarSettings settings = new()
    {
        Zone = "cert.example.com",
        DataDirectory = Path.Combine(Path.GetTempPath(), "wilddns-estcert-" + Guid.NewGuid().ToString("N")),
        Est = { Url = "https://registrar.example.com:5443/.well-known/est" },
    };

    public void Dispose() => Directory.Delete(settings.DataDirectory, recursive: true);

    [Fact]
    public void A_generated_certificate_is_kept_so_its_pin_stays_valid_and_its_key_is_owner_only()
    {
        Directory.CreateDirectory(settings.DataDirectory);

        var first = EstCertificate.Load(settings);
        var again = EstCertificate.Load(settings);

        first.Generated.Should().BeTrue();
        first.Pin.Should().Be(first.Fingerprint).And.MatchRegex("^[0-9a-f]{64}$");
        again.Fingerprint.Should().Be(first.Fingerprint);
        first.Certificate.HasPrivateKey.Should().BeTrue();
        first.Certificate.MatchesHostname("registrar.example.com").Should().BeTrue();
        first.Certificate.MatchesHostname("127.0.0.1").Should().BeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(settings.DataDirectory, EstCertificate.KeyFileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_certificate_whose_key_was_lost_is_made_anew_with_a_matching_key()
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var first = EstCertificate.Load(settings);
        File.Delete(Path.Combine(settings.DataDirectory, EstCertificate.KeyFileName));

        var replaced = EstCertificate.Load(settings);

        replaced.Fingerprint.Should().NotBe(first.Fingerprint);
        replaced.Certificate.HasPrivateKey.Should().BeTrue();
    }
}
