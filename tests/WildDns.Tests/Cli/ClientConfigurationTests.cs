using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Cli;

/// <summary>
/// The client verbs read the server's configuration sources, so one setting moves the server and its clients: a port
/// in an environment variable or appsettings.json, and TLS with the server's certificate.
/// </summary>
public sealed class ClientConfigurationTests : IDisposable
{
    private const string Name = "_acme-challenge.cald5f5f7ba45.cert.example.com";
    private const string Value = "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE";

    private readonly string workingDirectory = Directory.CreateTempSubdirectory("wilddns-client-").FullName;

    [Fact]
    public async Task Health_and_challenge_follow_ports_set_by_environment_variable()
    {
        await using var server = await ServerProcess.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["WildDns__Operations__Port"] = server.OpsPort.ToString(CultureInfo.InvariantCulture),
            ["WildDns__Control__Port"] = server.ControlPort.ToString(CultureInfo.InvariantCulture),
            ["WildDns__DataDirectory"] = server.DataDirectory,
        };

        var health = await WildDnsCli.RunAsync(["health"], environment, workingDirectory);
        var publish = await WildDnsCli.RunAsync(["challenge", "publish", Name, Value], environment, workingDirectory);

        health.ExitCode.Should().Be(0, health.Output);
        health.Stdout.Trim().Should().Be("Healthy");
        publish.ExitCode.Should().Be(0, publish.Output);
        (await DnsProbe.TxtAsync(server.DnsEndpoint, Name)).Should().Equal(Value);
    }

    [Fact]
    public async Task Health_and_challenge_follow_ports_set_in_appsettings_json()
    {
        await using var server = await ServerProcess.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "appsettings.json"), $$"""
            {
              "WildDns": {
                "DataDirectory": "{{server.DataDirectory}}",
                "Control": { "Port": {{server.ControlPort}} },
                "Operations": { "Port": {{server.OpsPort}} }
              }
            }
            """);

        var live = await WildDnsCli.RunAsync(["health", "--live"], workingDirectory: workingDirectory);
        var list = await WildDnsCli.RunAsync(["challenge", "list"], workingDirectory: workingDirectory);

        live.ExitCode.Should().Be(0, live.Output);
        list.ExitCode.Should().Be(0, list.Output);
    }

    [Fact]
    public async Task Challenge_reaches_a_TLS_control_plane_through_the_servers_own_certificate_settings()
    {
        var certificate = Path.Combine(workingDirectory, "control.crt");
        var key = Path.Combine(workingDirectory, "control.key");
        WriteServerCertificate(certificate, key);
        await using var server = await ServerProcess.StartAsync(
            extraArguments: ["--WildDns:Control:Certificate", certificate, "--WildDns:Control:CertificateKey", key]);
        var environment = new Dictionary<string, string?>
        {
            ["WildDns__Control__Port"] = server.ControlPort.ToString(CultureInfo.InvariantCulture),
            ["WildDns__Control__Certificate"] = certificate,
            ["WildDns__Control__CertificateKey"] = key,
            ["WildDns__DataDirectory"] = server.DataDirectory,
        };

        var publish = await WildDnsCli.RunAsync(["challenge", "publish", Name, Value], environment, workingDirectory);
        var cleartext = await WildDnsCli.RunAsync(["challenge", "list", "--server", server.ControlAddress.ToString()], environment, workingDirectory);

        publish.ExitCode.Should().Be(0, publish.Output);
        (await DnsProbe.TxtAsync(server.DnsEndpoint, Name)).Should().Equal(Value);
        cleartext.ExitCode.Should().Be(1, "the server speaks TLS there: " + cleartext.Output);
    }

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    /// <summary>A self-signed certificate for a public name, as a server would have, which does not cover 127.0.0.1.</summary>
    private static void WriteServerCertificate(string certificatePath, string keyPath)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dns1.example.net", ecdsa, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("dns1.example.net");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, ecdsa.ExportPkcs8PrivateKeyPem());
    }
}
