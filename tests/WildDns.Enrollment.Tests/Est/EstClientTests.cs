using System.Security.Authentication;
using FluentAssertions;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Datasets;
using WildDns.Enrollment.Est;
using WildDns.Enrollment.Requests;
using Xunit;

namespace WildDns.Enrollment.Tests.Est;

public sealed class EstClientTests
{
    [Fact]
    public async Task DeviceEnroll_FollowsTheSlowRegistrarsRetryAfter_ThenInstallsLeafThenChain()
    {
        using var authority = new TestAuthority();
        await using var server = await EstTestServer.StartAsync(authority, pendingAnswers: 2, retryAfterSeconds: 1);
        var directory = CredentialDirectory.Open(Directory.CreateTempSubdirectory("wilddns-device-").FullName);
        var progress = new List<string>();
        var dataset = Dataset(server.BaseUrl, CertificatePin.Of(server.TlsCertificate));

        try
        {
            var result = await new DeviceEnrollment(TimeProvider.System, TimeSpan.FromSeconds(30), null)
                .EnrollAsync(dataset, directory, progress.Add, CancellationToken.None);

            result.Outcome.Should().Be(EnrollmentOutcome.Enrolled, result.Message);
            server.Authorizations.Should().HaveCount(3);
            progress.Count(line => line.Contains("not ready yet", StringComparison.Ordinal)).Should().Be(2);
            using var pair = directory.LoadCurrent();
            result.Chain.Select(c => c.Thumbprint).Should().Equal(pair.Thumbprint, authority.Intermediate.Thumbprint);
            File.ReadAllText(directory.CaPath).Should().Contain(authority.Root.ExportCertificatePem().Split('\n')[1]);
            directory.LoadDataset().Secret.Should().BeNull("the secret is spent once the certificate is installed");

            var again = await new DeviceEnrollment(TimeProvider.System, TimeSpan.FromSeconds(30), null)
                .EnrollAsync(dataset, directory, progress.Add, CancellationToken.None);
            again.Outcome.Should().Be(EnrollmentOutcome.AlreadyEnrolled);
            server.Authorizations.Should().HaveCount(3, "an enrolled directory sends nothing");
        }
        finally
        {
            Directory.Delete(directory.Path, recursive: true);
        }
    }

    [Fact]
    public async Task DeviceEnroll_WithAWrongPin_FailsTheHandshake_BeforeTheSecretIsSent()
    {
        using var authority = new TestAuthority();
        await using var server = await EstTestServer.StartAsync(authority, pendingAnswers: 0, retryAfterSeconds: 1);
        using var impostor = Datasets.CertificatePinTests.SelfSigned("localhost");
        var directory = CredentialDirectory.Open(Directory.CreateTempSubdirectory("wilddns-device-").FullName);

        try
        {
            var enroll = () => new DeviceEnrollment(TimeProvider.System, TimeSpan.FromSeconds(30), null)
                .EnrollAsync(Dataset(server.BaseUrl, CertificatePin.Of(impostor)), directory, _ => { }, CancellationToken.None);

            (await enroll.Should().ThrowAsync<HttpRequestException>()).WithInnerException<AuthenticationException>();
            server.Authorizations.Should().BeEmpty();
            directory.IsEnrolled.Should().BeFalse();
        }
        finally
        {
            Directory.Delete(directory.Path, recursive: true);
        }
    }

    [Fact]
    public async Task SimpleEnroll_WithoutPinOrCa_RefusesASelfSignedServer()
    {
        using var authority = new TestAuthority();
        await using var server = await EstTestServer.StartAsync(authority, pendingAnswers: 0, retryAfterSeconds: 1);
        using var request = DeviceCertificateRequest.Create(["*.c7k2m4q9x3b5t.cert.example.com"]);
        using var client = new EstClient(server.BaseUrl, EstClient.CreateHandler(null, null, null));

        var enroll = () => client.SimpleEnrollAsync(request.Der, "c7k2m4q9x3b5t", "secret", CancellationToken.None);

        await enroll.Should().ThrowAsync<HttpRequestException>();
        server.Authorizations.Should().BeEmpty();
    }

    private static KeyCreationDataset Dataset(Uri est, CertificatePin pin) => new(
        "c7k2m4q9x3b5t",
        "one-time-secret-of-the-test",
        "cert.example.com",
        ["*.c7k2m4q9x3b5t.cert.example.com", "*.c7k2m4q9x3b5t.cname.cert.example.com"],
        est,
        DateTimeOffset.UtcNow.AddDays(1),
        pin);
}
