using System.Globalization;
using WildDns.Testing;

namespace WildDns.Registration.Tests.Est;

/// <summary>
/// An EST client made of nothing but curl and openssl, as SPEC §8.2 promises suffices: keys and requests by
/// <c>openssl req</c>, requests by <c>curl</c>, answers read by <c>openssl base64</c> and <c>openssl pkcs7</c>.
/// Works in its own directory; every run is bounded.
/// </summary>
internal sealed class EstTools(string directory, string estCertificate)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public string Directory { get; } = directory;

    /// <summary>Makes <c>&lt;name&gt;.key</c> (P-256) and <c>&lt;name&gt;.b64</c>, the base64 DER request for <paramref name="dnsNames"/>.</summary>
    public async Task<string> RequestAsync(string name, params string[] dnsNames)
    {
        var key = Path.Combine(Directory, name + ".key");
        var der = Path.Combine(Directory, name + ".der");
        var body = Path.Combine(Directory, name + ".b64");
        await OpenSslAsync(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-subj", "/",
            "-addext", "subjectAltName=" + string.Join(',', dnsNames.Select(dnsName => "DNS:" + dnsName)), "-outform", "DER", "-out", der);
        await OpenSslAsync("base64", "-in", der, "-out", body);
        return body;
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/> with extra curl <paramref name="credentials"/> (<c>-u</c> or <c>--cert</c>/<c>--key</c>).</summary>
    public Task<EstReply> PostAsync(Uri url, string body, params string[] credentials) =>
        CurlAsync(url, [.. credentials, "-H", "Content-Type: application/pkcs10", "--data-binary", "@" + body]);

    public Task<EstReply> GetAsync(Uri url) => CurlAsync(url, []);

    /// <summary>POSTs until the answer is not 202, waiting Retry-After in between (at most <paramref name="attempts"/> times).</summary>
    public async Task<(EstReply First, EstReply Last)> PostUntilAnsweredAsync(Uri url, string body, int attempts, params string[] credentials)
    {
        var first = await PostAsync(url, body, credentials);
        var last = first;
        for (var attempt = 1; last.Status == 202 && attempt < attempts; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(last.Header("Retry-After") ?? "1", CultureInfo.InvariantCulture)));
            last = await PostAsync(url, body, credentials);
        }

        return (first, last);
    }

    /// <summary>Turns a certs-only answer into PEM with <c>openssl base64 -d</c> and <c>openssl pkcs7 -print_certs</c>; returns the PEM file.</summary>
    public async Task<string> PrintCertificatesAsync(EstReply reply, string name)
    {
        var body = Path.Combine(Directory, name + ".p7.b64");
        var der = Path.Combine(Directory, name + ".p7");
        var pem = Path.Combine(Directory, name + ".pem");
        await File.WriteAllBytesAsync(body, reply.Body);
        await OpenSslAsync("base64", "-d", "-in", body, "-out", der);
        await OpenSslAsync("pkcs7", "-inform", "DER", "-in", der, "-print_certs", "-out", pem);
        return pem;
    }

    /// <summary>The first certificate's subjectAltName and issuer lines in <paramref name="pem"/>, as <c>openssl x509</c> prints them.</summary>
    public async Task<string> DescribeAsync(string pem) =>
        (await OpenSslAsync("x509", "-in", pem, "-noout", "-issuer", "-ext", "subjectAltName")).Stdout;

    public async Task<ChildProcess> OpenSslAsync(params string[] arguments)
    {
        var openssl = await ChildProcess.RunAsync(ExternalTool.Require("openssl"), arguments, Bound);
        return openssl.ExitCode == 0 ? openssl : throw new InvalidOperationException($"{openssl.CommandLine} failed:\n{openssl.Output}");
    }

    private async Task<EstReply> CurlAsync(Uri url, string[] arguments)
    {
        var id = Guid.NewGuid().ToString("N");
        var bodyFile = Path.Combine(Directory, id + ".body");
        var headerFile = Path.Combine(Directory, id + ".headers");
        var curl = await ChildProcess.RunAsync(
            ExternalTool.Require("curl"),
            ["-sS", "--max-time", "20", "--cacert", estCertificate, "-o", bodyFile, "-D", headerFile, "-w", "%{http_code}", .. arguments, url.ToString()],
            Bound);
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException($"{curl.CommandLine} failed:\n{curl.Output}");
        }

        var headers = File.Exists(headerFile) ? await File.ReadAllTextAsync(headerFile) : string.Empty;
        var body = File.Exists(bodyFile) ? await File.ReadAllBytesAsync(bodyFile) : [];
        return new EstReply(int.Parse(curl.Stdout.Trim(), CultureInfo.InvariantCulture), headers, body);
    }
}
