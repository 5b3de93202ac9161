using FluentAssertions;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Est;
using WildDns.Registration.Tests.Hosting;
using WildDns.Testing;
using Xunit;

namespace WildDns.Registration.Tests.Est;

/// <summary>
/// SPEC §8.2 end to end over real HTTPS on loopback: the registrar in-process with a local test CA behind the CA
/// contract, and curl and openssl, nothing else, as the device.
/// </summary>
public sealed class EstEndToEndTests : RegistrarTest
{
    private const int Attempts = 20;

    private readonly string work = Path.Combine(Path.GetTempPath(), "wilddns-est-client-" + Guid.NewGuid().ToString("N"));
    private EstTools tools = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(work);
        tools = new EstTools(work, Path.Combine(Data, EstCertificate.CertificateFileName));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [ExternalToolFact("curl", "openssl")]
    public async Task A_device_enrolls_with_its_secret_and_every_wrong_request_is_refused_with_its_status()
    {
        var device = await RegisterAsync("SN-100");
        var csr = await tools.RequestAsync("device", device.Names.ToArray());

        var (first, last) = await tools.PostUntilAnsweredAsync(Url("simpleenroll"), csr, Attempts, "-u", $"{device.CertId}:{device.Secret}");

        first.Status.Should().Be(202, first.ToString());
        first.Header("Retry-After").Should().Be("1");
        last.Status.Should().Be(200, last.ToString());
        last.Header("Content-Type").Should().Be("application/pkcs7-mime; smime-type=certs-only");
        var pem = await tools.PrintCertificatesAsync(last, "device");
        var described = await tools.DescribeAsync(pem);
        described.Should().Contain($"DNS:*.{device.CertId}.cert.example.com").And.Contain($"DNS:*.{device.CertId}.cname.cert.example.com")
            .And.Contain("WildDns Test Issuing CA");
        Authority.Calls.Select(call => call.EnrollmentId).Distinct().Should().ContainSingle();

        var wrong = await tools.PostAsync(Url("simpleenroll"), csr, "-u", $"{device.CertId}:{new string('a', 32)}");
        wrong.Status.Should().Be(401, wrong.ToString());
        wrong.Text.Should().Contain("wrong");
        wrong.Header("WWW-Authenticate").Should().StartWith("Basic");

        var repeated = await tools.PostAsync(Url("simpleenroll"), csr, "-u", $"{device.CertId}:{device.Secret}");
        repeated.Status.Should().Be(200, "the delivered request repeated gets its certificate again");
        repeated.Body.Should().Equal(last.Body);
        Authority.Calls.Where(call => call.Reference is null).Should().ContainSingle("repeating a request places no new order");

        var spent = await tools.PostAsync(Url("simpleenroll"), await tools.RequestAsync("second", device.Names.ToArray()), "-u", $"{device.CertId}:{device.Secret}");
        spent.Status.Should().Be(401, spent.ToString());
        spent.Text.Should().Contain("used already");

        var other = await RegisterAsync("SN-101");
        var foreign = await tools.PostAsync(Url("simpleenroll"), csr, "-u", $"{other.CertId}:{other.Secret}");
        foreign.Status.Should().Be(400, foreign.ToString());
        foreign.Text.Should().StartWith($"The request names *.{device.CertId}.cert.example.com").And.Contain("which this device may not have");

        await Registrar.Admin().DisableAsync(new DeviceRequest { Certid = other.CertId });
        var disabled = await tools.PostAsync(Url("simpleenroll"), await tools.RequestAsync("other", other.Names.ToArray()), "-u", $"{other.CertId}:{other.Secret}");
        disabled.Status.Should().Be(403, disabled.ToString());
        disabled.Text.Should().Contain("disabled");

        var notBase64 = await tools.PostAsync(Url("simpleenroll"), Path.Combine(work, "device.key"), "-u", $"{other.CertId}:{other.Secret}");
        notBase64.Status.Should().Be(403, "a disabled device is refused before its request is read");
        await Registrar.Admin().EnableAsync(new DeviceRequest { Certid = other.CertId });
        var pemBody = await tools.PostAsync(Url("simpleenroll"), Path.Combine(work, "device.key"), "-u", $"{other.CertId}:{other.Secret}");
        pemBody.Status.Should().Be(400, pemBody.ToString());
        pemBody.Text.Should().Contain("PEM");
    }

    [ExternalToolFact("curl", "openssl")]
    public async Task A_device_renews_and_gets_client_certificates_with_its_current_certificate_only()
    {
        var device = await RegisterAsync("SN-200");
        var firstCsr = await tools.RequestAsync("device", device.Names.ToArray());
        var (_, enrolled) = await tools.PostUntilAnsweredAsync(Url("simpleenroll"), firstCsr, Attempts, "-u", $"{device.CertId}:{device.Secret}");
        enrolled.Status.Should().Be(200, enrolled.ToString());
        var firstPem = await tools.PrintCertificatesAsync(enrolled, "device");
        string[] withFirst = ["--cert", firstPem, "--key", Path.Combine(work, "device.key")];

        var none = await tools.PostAsync(Url("simplereenroll"), await tools.RequestAsync("anonymous", device.Names.ToArray()));
        none.Status.Should().Be(401, none.ToString());

        var renewalCsr = await tools.RequestAsync("renewal", device.Names[0]);
        var (renewalFirst, renewed) = await tools.PostUntilAnsweredAsync(Url("simplereenroll"), renewalCsr, Attempts, withFirst);
        renewalFirst.Status.Should().Be(202, renewalFirst.ToString());
        renewed.Status.Should().Be(200, renewed.ToString());
        var renewedPem = await tools.PrintCertificatesAsync(renewed, "renewal");
        (await tools.DescribeAsync(renewedPem)).Should().Contain($"DNS:*.{device.CertId}.cert.example.com").And.NotContain("cname");
        Authority.Calls.Last().Replaces.Should().NotBeNull("a renewal names the certificate it replaces");

        var replaced = await tools.PostAsync(Url("simplereenroll"), await tools.RequestAsync("stale", device.Names.ToArray()), withFirst);
        replaced.Status.Should().Be(401, replaced.ToString());
        replaced.Text.Should().Contain("replaced by a newer one");

        string[] withRenewed = ["--cert", renewedPem, "--key", Path.Combine(work, "renewal.key")];
        var other = await RegisterAsync("SN-201");
        var othersNames = await tools.PostAsync(Url("simplereenroll"), await tools.RequestAsync("others", other.Names.ToArray()), withRenewed);
        othersNames.Status.Should().Be(400, othersNames.ToString());

        await tools.OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path.Combine(work, "self.key"),
            "-out", Path.Combine(work, "self.pem"), "-subj", "/CN=self", "-days", "1", "-addext", $"subjectAltName=DNS:*.{device.CertId}.cert.example.com");
        var selfSigned = await tools.PostAsync(Url("simplereenroll"), renewalCsr, "--cert", Path.Combine(work, "self.pem"), "--key", Path.Combine(work, "self.key"));
        selfSigned.Status.Should().Be(401, selfSigned.ToString());
        selfSigned.Text.Should().Contain("not a device certificate this registrar delivered");

        var clientName = $"*.{device.CertId}.client-viewer1.cert.example.com";
        var (_, client) = await tools.PostUntilAnsweredAsync(
            Url("client-viewer1/simpleenroll"), await tools.RequestAsync("viewer", clientName), Attempts, withRenewed);
        client.Status.Should().Be(200, client.ToString());
        (await tools.DescribeAsync(await tools.PrintCertificatesAsync(client, "viewer"))).Should().Contain("DNS:" + clientName);
        var info = await Registrar.Admin().GetAsync(new DeviceRequest { Certid = device.CertId });
        info.Clients.Should().Equal("client-viewer1");
        info.Certificates.Select(certificate => certificate.Label).Should().BeEquivalentTo("client-viewer1", string.Empty, string.Empty);

        var notAClient = await tools.PostAsync(Url("viewer1/simpleenroll"), renewalCsr, withRenewed);
        notAClient.Status.Should().Be(404, notAClient.ToString());
    }

    [ExternalToolFact("curl", "openssl")]
    public async Task Cacerts_and_csrattrs_answer_in_the_RFC_7030_formats()
    {
        var cacerts = await tools.GetAsync(Url("cacerts"));
        var csrattrs = await tools.GetAsync(Url("csrattrs"));

        cacerts.Status.Should().Be(200);
        (await tools.DescribeAsync(await tools.PrintCertificatesAsync(cacerts, "cacerts"))).Should().Contain("WildDns Test Root");
        csrattrs.Status.Should().Be(200);
        csrattrs.Header("Content-Type").Should().Be("application/csrattrs");
        var der = Path.Combine(work, "csrattrs.der");
        await File.WriteAllBytesAsync(Path.Combine(work, "csrattrs.b64"), csrattrs.Body);
        await tools.OpenSslAsync("base64", "-d", "-in", Path.Combine(work, "csrattrs.b64"), "-out", der);
        (await tools.OpenSslAsync("asn1parse", "-inform", "DER", "-in", der)).Stdout.Should().Contain("prime256v1").And.Contain("ecdsa-with-SHA256");
    }

    private Uri Url(string operation) => new(Registrar.EstBase, operation);
}
