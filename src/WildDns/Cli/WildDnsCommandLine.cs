using System.CommandLine;
using System.CommandLine.Parsing;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using WildDns.Configuration;

namespace WildDns.Cli;

/// <summary>
/// The <c>wilddns</c> command line: one <see cref="Command"/> per verb, each built in its own file, composed here. A new
/// verb group (<c>wilddns registrar ...</c>) is one more line in <see cref="Create"/>. Every verb has <c>--help</c> and
/// <c>-h</c>; the root has <c>--version</c> and the <c>[suggest]</c> directive that shell completion (dotnet-suggest)
/// calls; plain <c>wilddns</c> prints help. Exit codes are <see cref="ExitCodes"/>: a usage error is 2.
/// </summary>
public static class WildDnsCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("wilddns - authoritative DNS for certificate zones, and its ACME challenge control plane")
        {
            ServeCommand.Create(),
            NameCommand.Create(),
            ExplainCommand.Create(),
            ChallengeCommand.Create(),
            HealthCommand.Create(),
            RegistrarCommand.Create(),
            DeviceCommand.Create(),
        };
        root.Add(HelpCommand.Create(root));
        root.SetAction(result => new HelpAction().Invoke(result));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var result = Create().Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,

            // The server stops itself on SIGTERM and SIGINT, within its own grace period; the clients' calls are bounded.
            ProcessTerminationTimeout = null,
        };

        // Verbs that take --Section:Key settings leave unmatched tokens to them; a bare word is still a usage error.
        // A directive ([suggest] for shell completion) takes the whole command line typed so far as its input.
        var stray = result.Tokens.Any(token => token.Type == TokenType.Directive) ? null : Stray(result.UnmatchedTokens);
        if (result.Action is ParseErrorAction || stray is not null)
        {
            // One line, not the help page, so that the reason is the line a script or a hook's log keeps.
            var path = CommandPath(result);
            await invocation.Error.WriteLineAsync(
                $"{path}: {string.Join("; ", result.Errors.Select(e => e.Message.TrimEnd('.')).DefaultIfEmpty($"unexpected argument '{stray}'"))}; see '{path} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>Runs a verb's work, turning a <see cref="ConfigurationError"/> into its one line and exit code 2.</summary>
    internal static async Task<int> RunAsync(ParseResult result, Func<Task<int>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (ConfigurationError e)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"wilddns: configuration error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (InvalidDataException e) when (IsConfigurationFile(e))
        {
            // appsettings.json that is not JSON: the provider names the file, its inner exception the line.
            await result.InvocationConfiguration.Error.WriteLineAsync(
                $"wilddns: configuration error: {e.Message} {e.InnerException?.Message}".TrimEnd()).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    /// <summary>Whether <paramref name="e"/> is a configuration file that could not be read (a zone file is the other kind).</summary>
    internal static bool IsConfigurationFile(InvalidDataException e) =>
        e.Message.StartsWith("Failed to load configuration", StringComparison.Ordinal);

    /// <summary>The first unmatched word that is not the value of a <c>--Section:Key value</c> pair before it, or null.</summary>
    private static string? Stray(IReadOnlyList<string> unmatched)
    {
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Contains(':', StringComparison.Ordinal))
            {
                i += token.Contains('=', StringComparison.Ordinal) ? 0 : 1;
            }
            else if (!token.StartsWith('-'))
            {
                return token;
            }
        }

        return null;
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Command is RootCommand ? "wilddns" : command.Command.Name);
        }

        return string.Join(' ', names);
    }
}
