using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace WildDns.Tests.Harness;

/// <summary>
/// Debian's <c>pebble</c> (the ACME test CA) as a child process on free loopback ports, validating DNS-01 challenges
/// against one DNS server (<c>-dnsserver</c>). Debian ships it without its HTTPS certificate, so the harness makes a
/// throwaway one for 127.0.0.1; ACME clients trust it through <see cref="TlsCertificatePath"/> (lego:
/// <c>LEGO_CA_CERTIFICATES</c>). Stopped by its PID on dispose, with its working directory removed.
/// </summary>
/// <example>
/// <code>
/// await using var pebble = await PebbleServer.StartAsync(server.DnsEndpoint);
/// var run = await LegoClient.RunAsync(pebble, server.DnsEndpoint, "exec", env, ["*.abc.cert.example.com"], TimeSpan.FromSeconds(120));
/// </code>
/// </example>
public sealed class PebbleServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess process;
    private readonly X509Certificate2 tlsCertificate;

    private PebbleServer(ChildProcess process, string directory, X509Certificate2 tlsCertificate, int port, int managementPort)
    {
        this.process = process;
        this.tlsCertificate = tlsCertificate;
        WorkingDirectory = directory;
        Port = port;
        ManagementPort = managementPort;
    }

    /// <summary>The ACME directory URL, e.g. <c>https://127.0.0.1:40123/dir</c>.</summary>
    public Uri DirectoryUrl => new($"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/dir");

    public int Port { get; }

    /// <summary>Pebble's management API (<c>/roots/0</c>, <c>/intermediates/0</c>), HTTPS with the same certificate.</summary>
    public int ManagementPort { get; }

    /// <summary>PEM of the throwaway HTTPS certificate, which is its own trust anchor.</summary>
    public string TlsCertificatePath => Path.Combine(WorkingDirectory, "pebble-tls.pem");

    /// <summary>Holds the configuration and certificate files; removed on dispose.</summary>
    public string WorkingDirectory { get; }

    public string Output => process.Output;

    /// <summary>
    /// Starts pebble against <paramref name="dnsServer"/> and waits (bounded) until its directory answers.
    /// <paramref name="nonceRejectPercent"/> is the share of good nonces pebble refuses as <c>badNonce</c> (its
    /// <c>PEBBLE_WFE_NONCEREJECT</c>); <paramref name="externalAccountMacKeys"/> (key ID → base64url MAC key) makes
    /// External Account Binding required, as in pebble's <c>pebble-config-external-account-bindings.json</c> example.
    /// </summary>
    public static async Task<PebbleServer> StartAsync(
        IPEndPoint dnsServer,
        int nonceRejectPercent = 0,
        IReadOnlyDictionary<string, string>? externalAccountMacKeys = null,
        CancellationToken cancellationToken = default)
    {
        var executable = ExternalTool.Require("pebble");
        var directory = Directory.CreateTempSubdirectory("wilddns-pebble-").FullName;
        var certificate = CreateTlsCertificate();
        var certificatePath = Path.Combine(directory, "pebble-tls.pem");
        var keyPath = Path.Combine(directory, "pebble-tls.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), cancellationToken).ConfigureAwait(false);
        }

        var ports = FreePorts.Distinct(4);
        var (port, managementPort) = (ports[0], ports[1]);
        var configuration = new Dictionary<string, object>
        {
            ["pebble"] = new Dictionary<string, object>
            {
                ["listenAddress"] = $"127.0.0.1:{port}",
                ["managementListenAddress"] = $"127.0.0.1:{managementPort}",
                ["certificate"] = certificatePath,
                ["privateKey"] = keyPath,

                // Ports pebble would connect to for HTTP-01 and TLS-ALPN-01; DNS-01 never uses them.
                ["httpPort"] = ports[2],
                ["tlsPort"] = ports[3],
                ["ocspResponderURL"] = string.Empty,
                ["externalAccountBindingRequired"] = externalAccountMacKeys is not null,
            },
        };
        if (externalAccountMacKeys is not null)
        {
            ((Dictionary<string, object>)configuration["pebble"])["externalAccountMACKeys"] = externalAccountMacKeys;
        }

        var configurationPath = Path.Combine(directory, "pebble-config.json");
        await File.WriteAllTextAsync(configurationPath, JsonSerializer.Serialize(configuration), cancellationToken).ConfigureAwait(false);

        var process = ChildProcess.Start(
            executable,
            ["-config", configurationPath, "-dnsserver", dnsServer.ToString()],
            new Dictionary<string, string?>
            {
                // No random sleep before validating; nonces refused on purpose only where a test asks for it.
                ["PEBBLE_VA_NOSLEEP"] = "1",
                ["PEBBLE_WFE_NONCEREJECT"] = nonceRejectPercent.ToString(CultureInfo.InvariantCulture),

                // Pebble can skip validation altogether; the test is about the real lookup, so that stays off.
                ["PEBBLE_VA_ALWAYS_VALID"] = null,
            },
            directory);
        var pebble = new PebbleServer(process, directory, certificate, port, managementPort);
        try
        {
            await pebble.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await pebble.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return pebble;
    }

    /// <summary>The root that pebble issues under (it makes a new one at every start), from its management API.</summary>
    public async Task<X509Certificate2> GetRootCertificateAsync(CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        var pem = await http.GetStringAsync(new Uri($"https://127.0.0.1:{ManagementPort}/roots/0"), cancellationToken).ConfigureAwait(false);
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>An HTTP client that trusts this pebble's throwaway certificate and nothing else; the caller disposes it.</summary>
    public HttpClient CreateHttpClient()
    {
        var thumbprint = tlsCertificate.Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync().ConfigureAwait(false);
        tlsCertificate.Dispose();
        if (Directory.Exists(WorkingDirectory))
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pebble test listener", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = CreateHttpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (!process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync(DirectoryUrl, deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"pebble did not answer at {DirectoryUrl} within {StartTimeout.TotalSeconds:0} s; output:\n{Output}");
        }

        throw new InvalidOperationException($"pebble exited with code {process.ExitCode} before answering; output:\n{Output}");
    }
}
