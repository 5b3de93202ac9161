using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluentAssertions;
using Grpc.Core;
using WildDns.Registration.Admin;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Est;
using WildDns.Registration.Registry;
using WildDns.Registration.Tests.Hosting;
using Xunit;

namespace WildDns.Registration.Tests.Admin;

/// <summary>The admin API over real gRPC on a loopback port.</summary>
public sealed class RegistrarAdminServiceTests : RegistrarTest
{
    [Fact]
    public async Task Register_returns_the_key_creation_dataset_and_stores_only_the_secrets_digest()
    {
        var reply = await Registrar.Admin().RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT 9000", Serial = "SN-1", Institution = "St. Mary" });

        var dataset = KeyCreationDataset.FromJson(reply.Json)!;
        dataset.CertId.Should().Be(reply.Certid).And.MatchRegex("^c[a-z2-7]{12}$");
        dataset.Secret.Should().MatchRegex("^[a-z2-7]{32}$");
        dataset.Zone.Should().Be("cert.example.com");
        dataset.Names.Should().Equal($"*.{reply.Certid}.cert.example.com", $"*.{reply.Certid}.cname.cert.example.com");
        dataset.Est.Should().Be($"https://127.0.0.1:{Registrar.Settings.Est.Port}/.well-known/est");
        dataset.Expires.Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(30), TimeSpan.FromMinutes(1));
        using var estCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Data, EstCertificate.CertificateFileName));
        dataset.EstPin.Should().Be(Convert.ToHexStringLower(SHA256.HashData(estCertificate.RawData)));
        reply.Json.Should().Contain("\"est_pin\"").And.Contain("\"expires\"");

        await Registrar.DisposeAsync();
        var stored = await File.ReadAllBytesAsync(Path.Combine(Data, SqliteDeviceRegistry.FileName));
        Encoding.Latin1.GetString(stored).Should().NotContain(dataset.Secret);
        Registrar = await TestRegistrar.StartAsync(Data, Authority);
    }

    [Fact]
    public async Task Registering_the_same_device_twice_is_refused_and_names_rotate_secret()
    {
        var admin = Registrar.Admin();
        await admin.RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT 9000", Serial = "SN-2", Institution = "St. Mary" });

        var again = async () => await admin.RegisterAsync(new RegisterRequest { Vendor = "acme", Model = "ct 9000", Serial = "sn-2 ", Institution = "ST. MARY" });

        (await again.Should().ThrowAsync<RpcException>()).Which.Status.Should().Match<Status>(status =>
            status.StatusCode == StatusCode.AlreadyExists && status.Detail.Contains("RotateSecret"));
    }

    [Fact]
    public async Task A_bad_dataset_is_refused_with_the_field_at_fault()
    {
        var register = async () => await Registrar.Admin().RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT", Serial = "", Institution = "St. Mary" });

        (await register.Should().ThrowAsync<RpcException>()).Which.Status.Should().Match<Status>(status =>
            status.StatusCode == StatusCode.InvalidArgument && status.Detail.Contains("serial"));
    }

    [Fact]
    public async Task A_token_limited_to_an_institution_registers_lists_and_finds_only_its_own_devices()
    {
        var other = await Registrar.Admin().RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT", Serial = "SN-3", Institution = "General" });
        var limited = Registrar.Admin(TestRegistrar.StMaryToken);

        var own = await limited.RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT", Serial = "SN-4" });
        var foreign = async () => await limited.RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT", Serial = "SN-5", Institution = "General" });
        var peek = async () => await limited.GetAsync(new DeviceRequest { Certid = other.Certid });

        (await limited.GetAsync(new DeviceRequest { Certid = own.Certid })).Institution.Should().Be("st. mary");
        (await limited.ListAsync(new ListRequest())).Devices.Select(device => device.Certid).Should().Equal(own.Certid);
        (await Registrar.Admin().ListAsync(new ListRequest())).Devices.Should().HaveCount(2);
        (await foreign.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
        (await peek.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }

    [Fact]
    public async Task Disable_enable_and_rotate_change_the_device_and_each_leaves_an_audit_line_without_the_secret()
    {
        var admin = Registrar.Admin();
        var registered = await admin.RegisterAsync(new RegisterRequest { Vendor = "ACME", Model = "CT", Serial = "SN-6", Institution = "St. Mary" });
        var request = new DeviceRequest { Certid = registered.Certid };

        (await admin.DisableAsync(request)).Enabled.Should().BeFalse();
        (await admin.GetAsync(request)).Enabled.Should().BeFalse();
        (await admin.EnableAsync(request)).Enabled.Should().BeTrue();
        var rotated = await admin.RotateSecretAsync(request);

        var secrets = new[] { KeyCreationDataset.FromJson(registered.Json)!.Secret, KeyCreationDataset.FromJson(rotated.Json)!.Secret };
        secrets[1].Should().NotBe(secrets[0]);
        var audit = Registrar.Logs.Lines.Where(line => line.StartsWith("WildDns.Registration.Audit", StringComparison.Ordinal) && line.Contains(registered.Certid)).ToList();
        audit.Should().HaveCount(4);
        audit.Should().OnlyContain(line => line.Contains("token from"));
        audit.Select(line => line.Split(": ", 3)[2]).Should().SatisfyRespectively(
            line => line.Should().Contain("registered"),
            line => line.Should().Contain("disabled"),
            line => line.Should().Contain("enabled"),
            line => line.Should().Contain("new secret"));
        Registrar.Logs.Lines.Should().NotContain(line => secrets.Any(secret => line.Contains(secret)));
    }

    [Fact]
    public async Task A_wrong_token_is_unauthenticated()
    {
        var list = async () => await Registrar.Admin("not-the-token-0123456789").ListAsync(new ListRequest());

        (await list.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
    }
}
