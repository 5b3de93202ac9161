using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// SPEC §8.1-8.3 with real processes only: <c>wilddns serve</c>, Debian's pebble validating against it, and
/// <c>wilddns registrar serve</c> ordering from pebble; devices enroll with curl and openssl and nothing else.
/// </summary>
public sealed class RegistrarEnrollmentTests : IAsyncLifetime
{
    private static readonly TimeSpan IssueTimeout = TimeSpan.FromSeconds(120);

    private readonly string work = Directory.CreateTempSubdirectory("wilddns-est-").FullName;
    private ServerProcess nameserver = null!;
    private PebbleServer pebble = null!;
    private RegistrarProcess registrar = null!;
    private string rootPath = null!;

    public async Task InitializeAsync()
    {
        nameserver = await ServerProcess.StartAsync();
        pebble = await PebbleServer.StartAsync(nameserver.DnsEndpoint);
        using var root = await pebble.GetRootCertificateAsync();
        rootPath = Path.Combine(work, "pebble-root.pem");
        await File.WriteAllTextAsync(rootPath, root.ExportCertificatePem());
        registrar = await RegistrarProcess.StartAsync(nameserver, pebble, rootPath);
    }

    public async Task DisposeAsync()
    {
        await registrar.DisposeAsync();
        await pebble.DisposeAsync();
        await nameserver.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [RequiresToolsFact("pebble", "curl", "openssl")]
    public async Task Curl_and_openssl_enroll_202_then_200_and_get_both_names_from_the_ca()
    {
        var device = await RegisterAsync("1001");
        var csr = await RequestAsync(device.Certid, device.Names);

        var first = await PostAsync("simpleenroll", csr, device.Certid, device.Secret);
        first.Status.Should().Be(202, first.Body);
        first.Headers.Should().MatchRegex("(?im)^retry-after: \\d+");
        var issued = await EnrollUntilIssuedAsync(csr, device.Certid, device.Secret);

        var chainPath = await PrintCertsAsync(issued.BodyPath);
        var verify = await OpenSsl("verify", "-CAfile", rootPath, "-untrusted", chainPath, chainPath);
        verify.Stdout.Should().Contain(": OK", verify.Output);
        var leaf = await OpenSsl("x509", "-in", chainPath, "-noout", "-ext", "subjectAltName", "-issuer", "-serial");
        leaf.Stdout.Should().Contain($"DNS:*.{device.Certid}.cert.example.com").And.Contain($"DNS:*.{device.Certid}.cname.cert.example.com")
            .And.Contain("Pebble Intermediate");

        // The delivered request again: the same certificate, not a second order. Any other request with the spent secret: 401.
        var again = await PostAsync("simpleenroll", csr, device.Certid, device.Secret);
        again.Status.Should().Be(200);
        (await OpenSsl("x509", "-in", await PrintCertsAsync(again.BodyPath), "-noout", "-serial")).Stdout
            .Should().Be(leaf.Stdout.Split('\n').Single(line => line.StartsWith("serial=", StringComparison.Ordinal)) + "\n");
        var other = await RequestAsync(device.Certid, device.Names);
        (await PostAsync("simpleenroll", other, device.Certid, device.Secret)).Status.Should().Be(401);

        // The challenge values are gone once the order ended: NODATA at both names.
        (await DnsProbe.TxtAsync(nameserver.DnsEndpoint, $"_acme-challenge.{device.Certid}.cert.example.com")).Should().BeEmpty();
        (await DnsProbe.TxtAsync(nameserver.DnsEndpoint, $"_acme-challenge.{device.Certid}.cname.cert.example.com")).Should().BeEmpty();
    }

    [RequiresToolsFact("pebble", "curl", "openssl")]
    public async Task Each_refusal_has_its_status_and_says_why()
    {
        var device = await RegisterAsync("1002");
        var stranger = await RegisterAsync("1003");
        var csr = await RequestAsync(device.Certid, device.Names);

        var wrongSecret = await PostAsync("simpleenroll", csr, device.Certid, "not-the-secret-0123456789abcdef");
        wrongSecret.Status.Should().Be(401);
        var foreign = await PostAsync("simpleenroll", await RequestAsync(stranger.Certid, stranger.Names), device.Certid, device.Secret);
        foreign.Status.Should().Be(400);
        foreign.Body.Should().Contain(stranger.Certid);
        var disabled = await registrar.RunAsync("disable", device.Certid);
        disabled.ExitCode.Should().Be(0, disabled.Output);
        var refused = await PostAsync("simpleenroll", csr, device.Certid, device.Secret);
        refused.Status.Should().Be(403, refused.Body);
        (await registrar.RunAsync("enable", device.Certid)).ExitCode.Should().Be(0);
        (await PostAsync("simpleenroll", csr, device.Certid, device.Secret)).Status.Should().BeOneOf(200, 202);
    }

    [RequiresToolsFact("pebble", "curl", "openssl")]
    public async Task A_registrar_killed_while_it_orders_finishes_the_enrollment_after_a_restart()
    {
        var device = await RegisterAsync("1004");
        var csr = await RequestAsync(device.Certid, device.Names);

        (await PostAsync("simpleenroll", csr, device.Certid, device.Secret)).Status.Should().Be(202);
        await registrar.KillAsync();
        await registrar.StartAgainAsync();
        var issued = await EnrollUntilIssuedAsync(csr, device.Certid, device.Secret);

        var chain = await PrintCertsAsync(issued.BodyPath);
        (await OpenSsl("verify", "-CAfile", rootPath, "-untrusted", chain, chain)).Stdout.Should().Contain(": OK");
        registrar.Output.Should().MatchRegex("started with [1-9][0-9]* open enrollments", "the restarted registrar resumed the accepted request");
        System.Text.RegularExpressions.Regex.Count(registrar.Output, $@"\({device.Certid}\): ordered ").Should().Be(1, "one request is one order, across the restart");
    }

    [RequiresToolsFact("pebble", "curl", "openssl")]
    public async Task The_operations_port_counts_an_issued_enrollment_and_its_order_and_answers_ready_over_http_1_1()
    {
        (await CurlOpsAsync("/health/live")).Should().Be("200 Healthy");
        (await CurlOpsAsync("/health/ready")).Should().Be("200 Healthy");
        var device = await RegisterAsync("1005");
        var csr = await RequestAsync(device.Certid, device.Names);
        (await PostAsync("simpleenroll", csr, device.Certid, device.Secret)).Status.Should().Be(202);
        await EnrollUntilIssuedAsync(csr, device.Certid, device.Secret);

        var metrics = Operations.MetricsScrape.Parse((await CurlOpsAsync("/metrics"))["200 ".Length..]);
        metrics.Sum("wilddns_registration_enrollments_total", ("wilddns_enrollment_outcome", "accepted")).Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_registration_enrollments_total", ("wilddns_enrollment_outcome", "issued")).Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_registration_acme_orders_total", ("wilddns_acme_order_outcome", "placed")).Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_registration_acme_orders_total", ("wilddns_acme_order_outcome", "issued")).Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_registration_enrollment_duration_seconds_count").Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_registration_enrollment_duration_seconds_sum").Should().BeGreaterThan(0, metrics.Text);

        // The paths answer on the operations port alone: the EST listener does not serve them.
        var onEst = await ChildProcess.RunAsync(ExternalTool.Require("curl"), [
            "-sS", "--cacert", registrar.EstCertificatePath, "-o", "/dev/null", "-w", "%{http_code}",
            $"https://localhost:{registrar.EstPort.ToString(CultureInfo.InvariantCulture)}/metrics",
        ], TimeSpan.FromSeconds(30));
        onEst.Stdout.Trim().Should().Be("404");
    }

    /// <summary>GETs <paramref name="path"/> from the registrar's operations port with curl over HTTP/1.1; returns "status body".</summary>
    private async Task<string> CurlOpsAsync(string path)
    {
        var curl = await ChildProcess.RunAsync(ExternalTool.Require("curl"), [
            "-sS", "--http1.1", "-w", "\n%{http_code}", new Uri(registrar.OpsAddress, path).ToString(),
        ], TimeSpan.FromSeconds(30));
        curl.ExitCode.Should().Be(0, curl.Output);
        var output = curl.Stdout.TrimEnd('\n');
        var split = output.LastIndexOf('\n');
        return $"{output[(split + 1)..]} {output[..split]}";
    }

    private async Task<(string Certid, string Secret, string[] Names)> RegisterAsync(string serial)
    {
        var file = Path.Combine(work, $"dataset-{serial}.json");
        var run = await registrar.RunAsync("register", "--vendor", "Acme Medical", "--model", "CT-9", "--serial", serial, "--institution", "hospital-abc", "--out", file);
        run.ExitCode.Should().Be(0, run.Output);
        using var dataset = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var root = dataset.RootElement;
        return (root.GetProperty("certid").GetString()!, root.GetProperty("secret").GetString()!,
            [.. root.GetProperty("names").EnumerateArray().Select(name => name.GetString()!)]);
    }

    /// <summary>A P-256 key and a base64 PKCS#10 request for <paramref name="names"/>, made by openssl; returns the base64 file.</summary>
    private async Task<string> RequestAsync(string certid, string[] names)
    {
        var stem = Path.Combine(work, $"{certid}-{Guid.NewGuid():N}");
        var made = await OpenSsl(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", stem + ".key",
            "-subj", $"/CN={names[0]}", "-addext", "subjectAltName=" + string.Join(',', names.Select(name => "DNS:" + name)),
            "-outform", "DER", "-out", stem + ".der");
        made.ExitCode.Should().Be(0, made.Output);
        await File.WriteAllTextAsync(stem + ".b64", Convert.ToBase64String(await File.ReadAllBytesAsync(stem + ".der"), Base64FormattingOptions.InsertLineBreaks));
        return stem + ".b64";
    }

    private async Task<(int Status, string Headers, string Body, string BodyPath)> PostAsync(string operation, string csr, string user, string password)
    {
        var body = Path.Combine(work, $"answer-{Guid.NewGuid():N}.b64");
        var headers = body + ".headers";
        var curl = await ChildProcess.RunAsync(ExternalTool.Require("curl"), [
            "-sS", "--cacert", registrar.EstCertificatePath, "-u", $"{user}:{password}",
            "-H", "Content-Type: application/pkcs10", "-H", "Content-Transfer-Encoding: base64", "--data-binary", "@" + csr,
            "-D", headers, "-o", body, "-w", "%{http_code}", new Uri(registrar.EstUrl + "/" + operation).ToString(),
        ], TimeSpan.FromSeconds(60));
        curl.ExitCode.Should().Be(0, curl.Output);
        return (int.Parse(curl.Stdout, CultureInfo.InvariantCulture), await File.ReadAllTextAsync(headers), await File.ReadAllTextAsync(body), body);
    }

    private async Task<(int Status, string Headers, string Body, string BodyPath)> EnrollUntilIssuedAsync(string csr, string user, string password)
    {
        using var deadline = new CancellationTokenSource(IssueTimeout);
        while (true)
        {
            var answer = await PostAsync("simpleenroll", csr, user, password);
            if (answer.Status != 202)
            {
                answer.Status.Should().Be(200, answer.Body + "\n" + registrar.Output);
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
        }
    }

    /// <summary>The certificates of a base64 PKCS#7 answer, as <c>openssl pkcs7 -print_certs</c> writes them; returns the PEM file.</summary>
    private async Task<string> PrintCertsAsync(string base64Answer)
    {
        var der = base64Answer + ".p7";
        (await OpenSsl("base64", "-d", "-in", base64Answer, "-out", der)).ExitCode.Should().Be(0);
        var pem = base64Answer + ".pem";
        var print = await OpenSsl("pkcs7", "-inform", "DER", "-in", der, "-print_certs", "-out", pem);
        print.ExitCode.Should().Be(0, print.Output);
        return pem;
    }

    private static Task<ChildProcess> OpenSsl(params string[] arguments) =>
        ChildProcess.RunAsync(ExternalTool.Require("openssl"), arguments, TimeSpan.FromSeconds(30));
}
