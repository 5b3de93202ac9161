using System.CommandLine;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Dns.Transport;
using WildDns.Hosting;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns serve</c>: runs the server until SIGTERM or SIGINT. Its switches are <see cref="CommandLineSwitches.All"/>;
/// any other key goes as <c>--WildDns:Section:Key value</c>.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        // Any key also goes as --Section:Key value (or =value), as .NET's command-line configuration provider takes it.
        var command = CommandLineSwitches.AddTo(new Command("serve", "run the DNS server, its control plane and its operations port until SIGTERM or SIGINT; any other setting goes as --WildDns:Section:Key VALUE"));

        command.SetAction((result, _) => WildDnsCommandLine.RunAsync(result, () => RunAsync(CommandLineSwitches.Read(result), result.InvocationConfiguration.Error)));
        return command;
    }

    /// <summary>Builds and runs the host; a start that cannot go on is one line on <paramref name="stderr"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<KeyValuePair<string, string?>> switches, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            await using var app = WildDnsHost.Build(switches, stderr);
            await app.RunAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"wilddns: configuration error: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (InvalidDataException e) when (!WildDnsCommandLine.IsConfigurationFile(e))
        {
            await stderr.WriteLineAsync($"wilddns: zone error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (DnsBindException e) when (e.InnerException is null)
        {
            // Every listen address is one this host lacks: a setting to correct, not a failure to retry.
            await stderr.WriteLineAsync($"wilddns: configuration error: {CommandLineSwitches.Listen.Key}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (DnsBindException e)
        {
            await stderr.WriteLineAsync($"wilddns: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel's listeners: the control plane or the operations port.
            await stderr.WriteLineAsync($"wilddns: cannot listen for HTTP (control plane or operations port): {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (InvalidOperationException e)
        {
            // A start that cannot go on, such as a data directory another server holds: the message says which.
            await stderr.WriteLineAsync($"wilddns: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
