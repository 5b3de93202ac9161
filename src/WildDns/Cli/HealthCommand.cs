using System.CommandLine;
using System.Net;
using WildDns.Configuration;
using WildDns.Hosting;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns health</c>: asks a running server's <c>/health/ready</c> (or <c>/health/live</c>) on its operations port,
/// plain HTTP/1.1, and exits 0 when it is healthy, 1 when not or unreachable, 2 for a usage or configuration error.
/// It finds the port in the server's own settings (appsettings.json, <c>WildDns__Operations__Port</c>, <c>--ops-port</c>),
/// so a container's health check follows the server wherever its settings move it. The runtime image has no curl.
/// </summary>
/// <example>
/// <c>wilddns health</c> → <c>Healthy</c>, exit 0;
/// <c>WildDns__Operations__Port=15381 wilddns health --live</c>;
/// <c>wilddns health --url http://10.0.0.5:5381</c>.
/// </example>
public static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var url = new Option<string?>("--url")
        {
            Description = "the operations port's base URL [default: from WildDns:Operations:Port and :Listen, i.e. http://127.0.0.1:5381]",
            HelpName = "URL",
        };
        var live = new Option<bool>("--live") { Description = "ask /health/live (the process answers) instead of /health/ready" };
        var insecure = new Option<bool>("--insecure") { Description = "accept any certificate, for an https:// URL behind a proxy" };
        var command = new Command("health", "exit 0 when a running server is ready (or, with --live, alive); for container health checks and scripts")
        {
            url, live, insecure, CommandLineSwitches.CreateOption(CommandLineSwitches.OpsPort),
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => WildDnsCommandLine.RunAsync(result, () =>
            RunAsync(result, result.GetValue(url), result.GetValue(live), result.GetValue(insecure), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, string? url, bool live, bool insecure, CancellationToken cancellationToken)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        Uri server;
        if (url is null)
        {
            server = ServerAddresses.Operations(WildDnsConfiguration.Build(CommandLineSwitches.Read(result)));
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out server!) || server.Scheme is not ("http" or "https"))
        {
            await stderr.WriteLineAsync($"wilddns health: --url must be an http:// or https:// URL such as http://127.0.0.1:5381 (got '{url}')").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var handler = new SocketsHttpHandler();
        if (insecure)
        {
            // For a certificate issued to a public name while the check runs on the machine itself.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, live ? WildDnsOperations.LivePath : WildDnsOperations.ReadyPath))
        {
            Version = HttpVersion.Version11,
        };
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await (response.IsSuccessStatusCode ? stdout : stderr).WriteLineAsync(response.IsSuccessStatusCode ? body : $"wilddns health: {request.RequestUri} answered {(int)response.StatusCode}: {body}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"wilddns health: {request.RequestUri} did not answer: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
