using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using WildDns.Tests.Harness;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Runs Debian's <c>certbot certonly --dns-rfc2136</c> against a <see cref="PebbleServer"/>, with its configuration, work
/// and log directories in a temporary directory of its own (removed on dispose) and pebble's certificate as the only
/// trust anchor (<c>REQUESTS_CA_BUNDLE</c>).
/// </summary>
internal sealed class Rfc2136Certbot : IDisposable
{
    private Rfc2136Certbot(string directory, ChildProcess process)
    {
        Directory = directory;
        Process = process;
    }

    public string Directory { get; }

    public ChildProcess Process { get; }

    /// <summary>
    /// Issues one certificate for <paramref name="domains"/>, with the TSIG key written to a credentials file the way the
    /// plugin's documentation shows it (algorithm in upper case), within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Rfc2136Certbot> RunAsync(
        PebbleServer pebble,
        IPEndPoint nameServer,
        string keyName,
        string secret,
        IReadOnlyList<string> domains,
        TimeSpan timeout)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("wilddns-certbot-").FullName;
        var credentials = Path.Combine(directory, "rfc2136.ini");
        await File.WriteAllLinesAsync(credentials,
        [
            $"dns_rfc2136_server = {nameServer.Address}",
            $"dns_rfc2136_port = {nameServer.Port.ToString(CultureInfo.InvariantCulture)}",
            $"dns_rfc2136_name = {keyName}",
            $"dns_rfc2136_secret = {secret}",
            "dns_rfc2136_algorithm = HMAC-SHA256",
            "dns_rfc2136_sign_query = true",
        ]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        List<string> arguments =
        [
            "certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
            "--server", pebble.DirectoryUrl.ToString(),
            "--dns-rfc2136", "--dns-rfc2136-credentials", credentials, "--dns-rfc2136-propagation-seconds", "1",
            "--config-dir", Path.Combine(directory, "config"),
            "--work-dir", Path.Combine(directory, "work"),
            "--logs-dir", Path.Combine(directory, "logs"),
        ];
        foreach (var domain in domains)
        {
            arguments.Add("-d");
            arguments.Add(domain);
        }

        var process = await ChildProcess.RunAsync(
            ExternalTool.Require("certbot"),
            arguments,
            timeout,
            new Dictionary<string, string?> { ["REQUESTS_CA_BUNDLE"] = pebble.TlsCertificatePath },
            directory);
        return new Rfc2136Certbot(directory, process);
    }

    /// <summary>The leaf certificate certbot saved under <c>config/live/&lt;lineage&gt;/cert.pem</c>.</summary>
    public X509Certificate2 LoadCertificate() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(
            System.IO.Directory.GetFiles(Path.Combine(Directory, "config", "live"), "cert.pem", SearchOption.AllDirectories).Single()));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
