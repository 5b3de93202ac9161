using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using WildDns.Registration.Admin.V1;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Two real <c>wilddns registrar serve</c> on one PostgreSQL registry (issue 13), one <c>wilddns serve</c> and pebble:
/// devices enroll with openssl and curl, each request sent to one of the two registrars at random, and every enrollment
/// is ordered exactly once across both.
/// </summary>
public sealed class SharedRegistryEnrollmentTests : IAsyncLifetime
{
    private const int Devices = 100;
    private const int DevicesAtOnce = 8;
    private static readonly TimeSpan IssueTimeout = TimeSpan.FromMinutes(10);

    private readonly string work = Directory.CreateTempSubdirectory("wilddns-shared-registry-").FullName;
    private PostgresCluster? cluster;
    private ServerProcess? nameserver;
    private PebbleServer? pebble;
    private RegistrarProcess? first;
    private RegistrarProcess? second;

    public async Task InitializeAsync()
    {
        if (PostgresCluster.SkipReason is not null || ExternalTool.SkipReason([("pebble", "pebble"), ("curl", "curl"), ("openssl", "openssl")]) is not null)
        {
            return;
        }

        cluster = await PostgresCluster.StartAsync();
        await cluster.SqlAsync("CREATE DATABASE registry;");
        nameserver = await ServerProcess.StartAsync();
        pebble = await PebbleServer.StartAsync(nameserver.DnsEndpoint);
        using var root = await pebble.GetRootCertificateAsync();
        var rootPath = Path.Combine(work, "pebble-root.pem");
        await File.WriteAllTextAsync(rootPath, root.ExportCertificatePem());
        string[] shared = ["--store", cluster.ConnectionString(cluster.Superuser, "registry"), "--WildDns:Registrar:Store:PollInterval", "00:00:01"];

        // Started together, so their schema migrations race as a deployment's would.
        var starting = new[] { RegistrarProcess.StartAsync(nameserver, pebble, rootPath, shared), RegistrarProcess.StartAsync(nameserver, pebble, rootPath, shared) };
        var started = await Task.WhenAll(starting);
        (first, second) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new IAsyncDisposable?[] { first, second, pebble, nameserver, cluster })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        Directory.Delete(work, recursive: true);
    }

    [RequiresPostgresFact("pebble", "curl", "openssl")]
    public async Task Devices_enrolling_through_two_registrars_at_random_are_each_issued_with_one_order()
    {
        var registrars = new[] { first!, second! };
        var devices = await RegisterAsync(first!, Devices);
        using var deadline = new CancellationTokenSource(IssueTimeout);
        using var atOnce = new SemaphoreSlim(DevicesAtOnce);
        var served = new ConcurrentDictionary<string, ConcurrentBag<int>>();

        await Task.WhenAll(devices.Select(async device =>
        {
            await atOnce.WaitAsync(deadline.Token);
            try
            {
                var csr = await RequestAsync(device.Certid, device.Names);
                while (true)
                {
                    var which = Random.Shared.Next(registrars.Length);
                    served.GetOrAdd(device.Certid, _ => []).Add(which);
                    var (status, body) = await PostAsync(registrars[which], csr, device.Certid, device.Secret);
                    if (status == 200)
                    {
                        CertificatesOf(body).Should().Contain(
                            certificate => certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, false).Contains(device.Certid));
                        return;
                    }

                    status.Should().Be(202, body);
                    await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
                }
            }
            finally
            {
                atOnce.Release();
            }
        }));

        var output = first!.Output + second!.Output;
        foreach (var device in devices)
        {
            Regex.Count(output, $@"\({device.Certid}\): ordered ").Should().Be(1, $"{device.Certid} is one request, ordered once across both registrars");
        }

        served.Values.Should().Contain(requests => requests.Distinct().Count() == 2, "some devices were answered by both registrars");
        Regex.Count(first.Output, @"\): ordered ").Should().BeGreaterThan(0);
        Regex.Count(second.Output, @"\): ordered ").Should().BeGreaterThan(0);
    }

    /// <summary>Registers <paramref name="count"/> devices through the admin API of <paramref name="registrar"/>.</summary>
    private static async Task<List<(string Certid, string Secret, string[] Names)>> RegisterAsync(RegistrarProcess registrar, int count)
    {
        var token = (await File.ReadAllTextAsync(Path.Combine(registrar.DataDirectory, "registrar.token"))).Trim();
        using var channel = GrpcChannel.ForAddress(registrar.AdminUrl);
        var client = new RegistrarService.RegistrarServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));
        var devices = new List<(string, string, string[])>();
        for (var serial = 0; serial < count; serial++)
        {
            var response = await client.RegisterAsync(
                new RegisterRequest { Vendor = "Acme Medical", Model = "CT-9", Serial = (2000 + serial).ToString(CultureInfo.InvariantCulture), Institution = "hospital-abc" },
                deadline: DateTime.UtcNow.AddSeconds(30));
            using var dataset = JsonDocument.Parse(response.Json);
            var root = dataset.RootElement;
            devices.Add((response.Certid, root.GetProperty("secret").GetString()!, [.. root.GetProperty("names").EnumerateArray().Select(name => name.GetString()!)]));
        }

        return devices;
    }

    /// <summary>A P-256 key and a base64 PKCS#10 request for <paramref name="names"/>, made by openssl; returns the base64 file.</summary>
    private async Task<string> RequestAsync(string certid, string[] names)
    {
        var stem = Path.Combine(work, certid);
        var made = await ChildProcess.RunAsync(ExternalTool.Require("openssl"), [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", stem + ".key",
            "-subj", $"/CN={names[0]}", "-addext", "subjectAltName=" + string.Join(',', names.Select(name => "DNS:" + name)),
            "-outform", "DER", "-out", stem + ".der"], TimeSpan.FromSeconds(30));
        made.ExitCode.Should().Be(0, made.Output);
        await File.WriteAllTextAsync(stem + ".b64", Convert.ToBase64String(await File.ReadAllBytesAsync(stem + ".der"), Base64FormattingOptions.InsertLineBreaks));
        return stem + ".b64";
    }

    /// <summary>curl's <c>simpleenroll</c> with HTTP Basic certid:secret; the status and the base64 body.</summary>
    private async Task<(int Status, string Body)> PostAsync(RegistrarProcess registrar, string csr, string user, string password)
    {
        var body = Path.Combine(work, $"answer-{Guid.NewGuid():N}.b64");
        var curl = await ChildProcess.RunAsync(ExternalTool.Require("curl"), [
            "-sS", "--cacert", registrar.EstCertificatePath, "-u", $"{user}:{password}",
            "-H", "Content-Type: application/pkcs10", "-H", "Content-Transfer-Encoding: base64", "--data-binary", "@" + csr,
            "-o", body, "-w", "%{http_code}", new Uri(registrar.EstUrl + "/simpleenroll").ToString(),
        ], TimeSpan.FromSeconds(60));
        curl.ExitCode.Should().Be(0, curl.Output);
        return (int.Parse(curl.Stdout, CultureInfo.InvariantCulture), await File.ReadAllTextAsync(body));
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection CertificatesOf(string base64)
    {
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(base64));
        return cms.Certificates;
    }
}
