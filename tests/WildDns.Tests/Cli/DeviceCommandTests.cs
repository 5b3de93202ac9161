using FluentAssertions;
using WildDns.Cli;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Datasets;
using Xunit;

namespace WildDns.Tests.Cli;

/// <summary><c>wilddns device</c>: help, usage errors and the offline verbs (names, dicom) on a device directory.</summary>
public sealed class DeviceCommandTests : IDisposable
{
    private const string Certid = "c7k2m4q9x3b5t";
    private readonly string directory = Directory.CreateTempSubdirectory("wilddns-device-cli-").FullName;

    public DeviceCommandTests()
    {
        CredentialDirectory.Open(directory).SaveDataset(new KeyCreationDataset(
            Certid, null, "cert.example.com", [$"*.{Certid}.cert.example.com", $"*.{Certid}.cname.cert.example.com"],
            new Uri("https://127.0.0.1:5443/.well-known/est"), DateTimeOffset.UtcNow.AddDays(1), null));
    }

    [Theory]
    [InlineData("device", "enroll", "renew", "client", "names", "dicom")]
    [InlineData("device enroll", "--dataset", "--dir", "--est-ca", "--wait")]
    [InlineData("device renew", "--force", "--on-renew", "--dir")]
    [InlineData("device client", "--client", "--csr", "--out")]
    [InlineData("device names", "--address", "--host")]
    [InlineData("device dicom", "--ae-title", "--port", "--address", "--json")]
    public async Task Help_ListsEveryOption(string verb, params string[] expected)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var (code, stdout, _) = await Run([.. verb.Split(' '), help]);

            code.Should().Be(0);
            stdout.Should().ContainAll(expected);
        }
    }

    [Theory]
    [InlineData("enroll without a dataset", "device enroll --dir D", "--dataset")]
    [InlineData("renew without a directory", "device renew", "--dir")]
    [InlineData("names with both kinds", "device names --dir D --address 192.168.2.1 --host pacs.example", "exactly one of --address and --host")]
    [InlineData("names with neither", "device names --dir D", "exactly one of --address and --host")]
    [InlineData("dicom with a long AE title", "device dicom --dir D --ae-title ABCDEFGHIJKLMNOPQ --port 104 --address 192.168.2.1", "at most 16")]
    [InlineData("dicom with port 0", "device dicom --dir D --ae-title PACS --port 0 --address 192.168.2.1", "1-65535")]
    [InlineData("an unknown verb", "device revoke --dir D", "revoke")]
    public async Task UsageErrors_AreOneLine_WithExitCode2(string scenario, string arguments, string expected)
    {
        var (code, stdout, stderr) = await Run(arguments.Replace(" D", " " + directory, StringComparison.Ordinal).Split(' '));

        code.Should().Be(ExitCodes.Usage);
        stdout.Should().BeEmpty();
        stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Theory]
    [InlineData("an IPv4 address", "--address", "192.168.2.1", $"192-168-2-1.{Certid}.cert.example.com")]
    [InlineData("an IPv6 address", "--address", "fd00::1", $"fd00--1.{Certid}.cert.example.com")]
    [InlineData("a host name", "--host", "pacs.hospital-abc.com", $"pacs--hospital-abc--com.{Certid}.cname.cert.example.com")]
    public async Task Names_ComposesTheNameUnderTheDevicesCertid(string scenario, string option, string value, string expected)
    {
        var result = await Run(["device", "names", "--dir", directory, option, value]);

        result.Should().Be((0, expected + "\n", string.Empty));
    }

    [Fact]
    public async Task Names_ForAnAddressOutsideTheAllowedNetworks_FailsWithTheReason()
    {
        var (code, _, stderr) = await Run(["device", "names", "--dir", directory, "--address", "8.8.8.8"]);

        code.Should().Be(ExitCodes.Failed);
        stderr.Should().Contain("outside the allowed networks");
    }

    [Fact]
    public async Task Names_WithoutADataset_SaysToEnrollFirst()
    {
        var empty = Directory.CreateTempSubdirectory("wilddns-device-empty-").FullName;
        try
        {
            var (code, _, stderr) = await Run(["device", "names", "--dir", empty, "--address", "192.168.2.1"]);

            code.Should().Be(ExitCodes.Failed);
            stderr.Should().Contain("wilddns device enroll");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Dicom_PrintsTheHostTableEntry_OrJson()
    {
        var dcmtk = await Run(["device", "dicom", "--dir", directory, "--ae-title", "PACS", "--port", "2762", "--address", "192.168.2.1"]);
        var json = await Run(["device", "dicom", "--dir", directory, "--ae-title", "PACS", "--port", "2762", "--address", "192.168.2.1", "--json"]);

        dcmtk.Code.Should().Be(0);
        dcmtk.Stdout.Should().Contain($"pacs = (PACS, 192-168-2-1.{Certid}.cert.example.com, 2762)");
        dcmtk.Stdout.Should().Contain(Path.Combine(directory, "key.pem"));
        json.Code.Should().Be(0);
        json.Stdout.Should().Contain("\"ae_title\": \"PACS\"").And.Contain("\"tls\": true");
    }

    [Fact]
    public async Task Enroll_WithADatasetThatIsNotJson_IsAUsageError()
    {
        var file = Path.Combine(directory, "broken.json");
        await File.WriteAllTextAsync(file, "{ not json");

        var (code, _, stderr) = await Run(["device", "enroll", "--dataset", file, "--dir", Path.Combine(directory, "new")]);

        code.Should().Be(ExitCodes.Usage);
        stderr.Should().Contain("not JSON");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await WildDnsCommandLine.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
