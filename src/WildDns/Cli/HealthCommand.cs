using System.Globalization;
using System.Net;
using WildDns.Hosting;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns health</c>: asks a running server's <c>/health/ready</c> (or <c>/health/live</c>) and exits 0 when it is
/// healthy, 1 when not or unreachable, 2 for a usage error. Container health checks use it: the runtime image has no curl,
/// and the control port speaks cleartext HTTP/2 only, which needs a client that knows to start with it.
/// </summary>
/// <example>
/// <c>wilddns health</c> → <c>Healthy</c>, exit 0;
/// <c>wilddns health --url https://dns1.example.net:5380 --insecure --live</c>.
/// </example>
public static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var server = new Uri("http://127.0.0.1:5380");
        var path = WildDnsOperations.ReadyPath;
        var insecure = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    server = url;
                    i++;
                    break;
                case "--control-port" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535:
                    server = new UriBuilder(server) { Port = port }.Uri;
                    i++;
                    break;
                case "--live":
                    path = WildDnsOperations.LivePath;
                    break;
                case "--insecure":
                    insecure = true;
                    break;
                default:
                    await stderr.WriteLineAsync($"wilddns health: '{args[i]}' is not understood; usage: wilddns health [--url URL | --control-port N] [--live] [--insecure]").ConfigureAwait(false);
                    return 2;
            }
        }

        using var handler = new SocketsHttpHandler();
        if (insecure)
        {
            // For a server certificate issued to a public name while the check runs on the machine itself.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path))
        {
            // Cleartext: HTTP/2 from the first byte (prior knowledge), as the control port expects. TLS: ALPN picks.
            Version = HttpVersion.Version20,
            VersionPolicy = server.Scheme == "http" ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        try
        {
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            await (response.IsSuccessStatusCode ? stdout : stderr).WriteLineAsync(body).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"wilddns health: {request.RequestUri} did not answer: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
