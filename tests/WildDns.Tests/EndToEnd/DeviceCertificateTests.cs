using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// SPEC §8.4 with real processes: a device enrolled with <c>wilddns device enroll</c> against a real registrar and pebble
/// serves its certificate, and browsers' and DICOM peers' TLS stacks (openssl, .NET, dcmtk) trust it under the names
/// WildDns answers; renewal and client certificates go the same way.
/// </summary>
public sealed class DeviceCertificateTests : IAsyncLifetime
{
    private readonly string work = Directory.CreateTempSubdirectory("wilddns-device-e2e-").FullName;
    private ServerProcess nameserver = null!;
    private PebbleServer pebble = null!;
    private RegistrarProcess registrar = null!;
    private string rootPath = null!;
    private string deviceDirectory = null!;
    private string certid = null!;

    private string DeviceName => $"127-0-0-1.{certid}.cert.example.com";

    public async Task InitializeAsync()
    {
        nameserver = await ServerProcess.StartAsync();
        pebble = await PebbleServer.StartAsync(nameserver.DnsEndpoint);
        using var root = await pebble.GetRootCertificateAsync();
        rootPath = Path.Combine(work, "pebble-root.pem");
        await File.WriteAllTextAsync(rootPath, root.ExportCertificatePem());
        registrar = await RegistrarProcess.StartAsync(nameserver, pebble, rootPath);
        (certid, deviceDirectory) = await EnrollDeviceAsync("2001");
    }

    public async Task DisposeAsync()
    {
        await registrar.DisposeAsync();
        await pebble.DisposeAsync();
        await nameserver.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [RequiresToolsFact("pebble", "openssl")]
    public async Task The_certificate_verifies_against_the_cas_root_and_belongs_to_the_key_beside_it()
    {
        var cert = Path.Combine(deviceDirectory, "cert.pem");

        (await OpenSsl("verify", "-CAfile", rootPath, "-untrusted", cert, cert)).Stdout.Should().Contain(": OK");
        var certificateKey = await OpenSsl("x509", "-in", cert, "-noout", "-pubkey");
        var privateKey = await OpenSsl("pkey", "-in", Path.Combine(deviceDirectory, "key.pem"), "-pubout");
        certificateKey.Stdout.Should().NotBeEmpty().And.Be(privateKey.Stdout);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(deviceDirectory, "live", "key.pem")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [RequiresToolsFact("pebble", "openssl", "unbound", "kdig")]
    public async Task Openssl_verifies_the_name_a_hospital_resolver_gives_and_refuses_a_self_signed_certificate()
    {
        await using var resolver = await StubResolver.StartAsync(nameserver.DnsEndpoint);
        var resolved = await ChildProcess.RunAsync(ExternalTool.Require("kdig"), [$"@{resolver.Endpoint.Address}", "-p", resolver.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "+short", DeviceName, "A"], TimeSpan.FromSeconds(20));
        resolved.Stdout.Trim().Should().Be("127.0.0.1", resolver.Log);

        (await HandshakeAsync(Path.Combine(deviceDirectory, "cert.pem"), Path.Combine(deviceDirectory, "key.pem"), DeviceName))
            .Should().Contain("Verification: OK");
        var selfSigned = Path.Combine(work, "self-signed");
        (await OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", selfSigned + ".key", "-out", selfSigned + ".pem",
            "-days", "1", "-subj", $"/CN={DeviceName}", "-addext", $"subjectAltName=DNS:{DeviceName}")).ExitCode.Should().Be(0);
        (await HandshakeAsync(selfSigned + ".pem", selfSigned + ".key", DeviceName)).Should().NotContain("Verification: OK").And.Contain("verify error");
    }

    [RequiresToolsFact("pebble")]
    public async Task A_dotnet_HttpClient_resolving_through_wilddns_and_trusting_only_the_root_gets_the_page()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Path.Combine(deviceDirectory, "cert.pem"));
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(deviceDirectory, "cert.pem"), Path.Combine(deviceDirectory, "key.pem"));
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            https.ServerCertificateChain = [.. chain.Skip(1)];
        })));
        await using var app = builder.Build();
        app.MapGet("/", () => Results.Text("served by the device"));
        await app.StartAsync();

        using var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(rootPath));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            // Names resolve through WildDns itself, as a hospital resolver would hand them on.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var answer = await DnsProbe.QueryAsync(nameserver.DnsEndpoint, context.DnsEndPoint.Host, RecordType.A, cancellationToken);
                var address = answer.AnswerRecords.OfType<ARecord>().Single().Address;
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });

        var page = await http.GetStringAsync(new Uri($"https://{DeviceName}:{port.ToString(CultureInfo.InvariantCulture)}/"));

        page.Should().Be("served by the device");
    }

    [RequiresToolsFact("pebble", "storescp", "echoscu")]
    public async Task A_dicom_peer_trusting_the_root_echoes_over_tls_and_refuses_an_untrusted_certificate()
    {
        (await EchoAsync(Path.Combine(deviceDirectory, "key.pem"), Path.Combine(deviceDirectory, "cert.pem"))).Should().Be(0);

        var selfSigned = Path.Combine(work, "dicom-self-signed");
        (await OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", selfSigned + ".key", "-out", selfSigned + ".pem",
            "-days", "1", "-subj", $"/CN={DeviceName}")).ExitCode.Should().Be(0);
        (await EchoAsync(selfSigned + ".key", selfSigned + ".pem")).Should().NotBe(0);
    }

    [RequiresToolsFact("pebble", "openssl")]
    public async Task Renewal_by_mutual_tls_gives_a_new_key_and_another_devices_certificate_cannot_renew_this_one()
    {
        var (_, directory) = await EnrollDeviceAsync("2002");
        var before = await OpenSsl("x509", "-in", Path.Combine(directory, "cert.pem"), "-noout", "-serial", "-pubkey");
        var oldGeneration = new DirectoryInfo(Path.Combine(directory, "live")).ResolveLinkTarget(true)!.FullName;

        var renew = await Wilddns("device", "renew", "--dir", directory, "--force", "--on-renew", $"touch {Path.Combine(work, "reloaded")}");
        renew.ExitCode.Should().Be(0, renew.Output);
        var after = await OpenSsl("x509", "-in", Path.Combine(directory, "cert.pem"), "-noout", "-serial", "-pubkey");
        after.Stdout.Should().NotBe(before.Stdout, "a new certificate for a new key");
        File.Exists(Path.Combine(work, "reloaded")).Should().BeTrue("the reload hook ran after the swap");
        (await OpenSsl("verify", "-CAfile", rootPath, "-untrusted", Path.Combine(oldGeneration, "cert.pem"), Path.Combine(oldGeneration, "cert.pem")))
            .Stdout.Should().Contain(": OK", "the old certificate keeps working until the swap and after");

        // This device's dataset with the other device's key and certificate: the registrar pins each certificate to its own device.
        var impostor = Path.Combine(work, "impostor");
        Directory.CreateDirectory(impostor);
        File.Copy(Path.Combine(directory, "dataset.json"), Path.Combine(impostor, "dataset.json"));
        Directory.CreateSymbolicLink(Path.Combine(impostor, "live"), new DirectoryInfo(Path.Combine(deviceDirectory, "live")).ResolveLinkTarget(true)!.FullName);
        var refused = await Wilddns("device", "renew", "--dir", impostor, "--force");
        refused.ExitCode.Should().Be(1, refused.Output);
        refused.Stderr.Should().MatchRegex("refused \\(40[03]\\)");
    }

    [RequiresToolsFact("pebble", "openssl")]
    public async Task A_client_certificate_through_the_device_verifies_under_the_clients_name()
    {
        var clientName = $"*.{certid}.client-viewer1.cert.example.com";
        var stem = Path.Combine(work, "viewer1");
        (await OpenSsl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", stem + ".key", "-out", stem + ".csr",
            "-subj", $"/CN={clientName}", "-addext", $"subjectAltName=DNS:{clientName}")).ExitCode.Should().Be(0);

        var issued = await Wilddns("device", "client", "--dir", deviceDirectory, "--client", "viewer1", "--csr", stem + ".csr", "--out", stem + ".pem");

        issued.ExitCode.Should().Be(0, issued.Output + registrar.Output);
        (await OpenSsl("x509", "-in", stem + ".pem", "-noout", "-ext", "subjectAltName")).Stdout.Should().Contain($"DNS:{clientName}");
        var host = $"127-0-0-1.{certid}.client-viewer1.cert.example.com";
        (await DnsProbe.QueryAsync(nameserver.DnsEndpoint, host, RecordType.A)).AnswerRecords.OfType<ARecord>().Single().Address.Should().Be(IPAddress.Loopback);
        (await HandshakeAsync(stem + ".pem", stem + ".key", host)).Should().Contain("Verification: OK");
    }

    private async Task<(string Certid, string Directory)> EnrollDeviceAsync(string serial)
    {
        var dataset = Path.Combine(work, $"dataset-{serial}.json");
        var registered = await registrar.RunAsync("register", "--vendor", "Acme Medical", "--model", "US-3", "--serial", serial, "--institution", "hospital-abc", "--out", dataset);
        registered.ExitCode.Should().Be(0, registered.Output);
        var directory = Path.Combine(work, $"device-{serial}");
        var enrolled = await Wilddns("device", "enroll", "--dataset", dataset, "--dir", directory, "--wait", "120");
        enrolled.ExitCode.Should().Be(0, enrolled.Output + registrar.Output);
        var id = registered.Stdout.Split(' ', ';')[1];
        return (id, directory);
    }

    /// <summary>Serves the pair with <c>openssl s_server</c> and connects with <c>s_client</c> checking <paramref name="name"/> against the root; returns s_client's output.</summary>
    private async Task<string> HandshakeAsync(string certificate, string key, string name)
    {
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);

        // -www: s_server answers without reading its standard input, which is closed here and would end the session at once.
        await using var server = ChildProcess.Start(ExternalTool.Require("openssl"), ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", certificate, "-cert_chain", certificate, "-key", key, "-naccept", "1", "-www"]);
        for (var i = 0; i < 50 && !server.Output.Contains("ACCEPT", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        var client = await OpenSsl("s_client", "-connect", $"127.0.0.1:{port}", "-servername", name, "-verify_hostname", name, "-verify_return_error", "-CAfile", rootPath, "-brief");
        return client.Output;
    }

    private async Task<int> EchoAsync(string key, string certificate)
    {
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await using var scp = ChildProcess.Start(ExternalTool.Require("storescp"), ["+tls", key, certificate, "-vc", "-aet", "PACS", port]);
        await Task.Delay(500);
        var echo = await ChildProcess.RunAsync(ExternalTool.Require("echoscu"), ["+tla", "+cf", rootPath, "-aec", "PACS", "127.0.0.1", port], TimeSpan.FromSeconds(30));
        return echo.ExitCode ?? -1;
    }

    private Task<ChildProcess> Wilddns(params string[] arguments) =>
        ChildProcess.RunAsync(RepositoryLayout.DotnetHost, [RepositoryLayout.WildDnsDll, .. arguments], TimeSpan.FromSeconds(180), workingDirectory: work);

    private static Task<ChildProcess> OpenSsl(params string[] arguments) =>
        ChildProcess.RunAsync(ExternalTool.Require("openssl"), arguments, TimeSpan.FromSeconds(30));
}
