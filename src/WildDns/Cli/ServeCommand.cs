using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Dns.Transport;
using WildDns.Hosting;

namespace WildDns.Cli;

/// <summary><c>wilddns serve</c>: runs the server until SIGTERM or SIGINT.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stderr)
    {
        try
        {
            await using var app = WildDnsHost.Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (ConfigurationError e)
        {
            await stderr.WriteLineAsync($"wilddns: configuration error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"wilddns: configuration error: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidDataException e)
        {
            await stderr.WriteLineAsync($"wilddns: zone error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (DnsBindException e)
        {
            await stderr.WriteLineAsync($"wilddns: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (InvalidOperationException e)
        {
            // A start that cannot go on, such as a data directory another server holds: the message says which.
            await stderr.WriteLineAsync($"wilddns: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException e) when (e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await stderr.WriteLineAsync($"wilddns: cannot listen for the control plane: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
