using System.CommandLine;
using System.Runtime.CompilerServices;

namespace WildDns.Configuration;

/// <summary>
/// Maps the short switches onto configuration keys, so that a switch, an <c>appsettings.json</c> key and an environment
/// variable (<c>WildDns__Dns__Port</c>) set the same thing, and passes any other <c>--Section:Key value</c> pair through
/// as .NET's command-line configuration provider does.
/// </summary>
public static class CommandLineSwitches
{
    public static readonly CommandLineSwitch DnsPort = new("--dns-port", "WildDns:Dns:Port", "N", "DNS port, UDP and TCP [default: 5353]");
    public static readonly CommandLineSwitch Listen = new(
        "--listen", "WildDns:Dns:Listen", "ADDR", "IP address to serve DNS on; repeat for more [default: 127.0.0.1 and ::1]", Repeatable: true);
    public static readonly CommandLineSwitch Zones = new("--zones", "WildDns:Zones:Directory", "DIR", "folder of <origin>.zone files [default: zones]");
    public static readonly CommandLineSwitch ControlPort = new("--control-port", "WildDns:Control:Port", "N", "gRPC control-plane port [default: 5380]");
    public static readonly CommandLineSwitch ControlListen = new(
        "--control-listen", "WildDns:Control:Listen", "ADDR", "IP address of the control plane; repeat for more [default: 127.0.0.1]", Repeatable: true);
    public static readonly CommandLineSwitch OpsPort = new(
        "--ops-port", "WildDns:Operations:Port", "N", "HTTP/1.1 port of /metrics and /health/*; 0 turns it off [default: 5381]");
    public static readonly CommandLineSwitch OpsListen = new(
        "--ops-listen", "WildDns:Operations:Listen", "ADDR", "IP address of the operations port; repeat for more [default: 127.0.0.1]", Repeatable: true);
    public static readonly CommandLineSwitch Data = new("--data", "WildDns:DataDirectory", "DIR", "data directory: challenges.db, control.token [default: data]");
    public static readonly CommandLineSwitch TsigKey = new(
        "--tsig-key", "WildDns:Tsig:Keys", "NAME:ALG:SECRET", "a TSIG key that may sign RFC 2136 UPDATEs; repeat for more", Repeatable: true);

    public static readonly CommandLineSwitch Store = new(
        "--store", "WildDns:Store:ConnectionString", "CONNSTR", "PostgreSQL connection string of a store shared by replicas [default: none, SQLite in the data directory]");

    /// <summary>Which switch each option was made for: two verbs may give one switch name different keys (<c>--data</c>).</summary>
    private static readonly ConditionalWeakTable<Option, CommandLineSwitch> Made = new();

    /// <summary>Every short switch of <c>serve</c>, in the order help lists them.</summary>
    public static readonly IReadOnlyList<CommandLineSwitch> All = [DnsPort, Listen, Zones, ControlPort, ControlListen, OpsPort, OpsListen, Data, TsigKey, Store];

    /// <summary>
    /// The option of <paramref name="switch"/>. Every one takes strings, so that a bad value is reported as a configuration
    /// error naming its key, the same way whichever source it came from; a scalar one may be given again (the last wins).
    /// </summary>
    public static Option<string[]> CreateOption(CommandLineSwitch @switch, bool recursive = false)
    {
        ArgumentNullException.ThrowIfNull(@switch);
        var option = new Option<string[]>(@switch.Name)
        {
            Description = $"{@switch.Description}; sets {@switch.Key}",
            HelpName = @switch.ValueName,
            Arity = ArgumentArity.OneOrMore,
            Recursive = recursive,
        };
        Made.AddOrUpdate(option, @switch);
        return option;
    }

    /// <summary>
    /// Adds every switch to <paramref name="command"/> and lets it take <c>--Section:Key value</c> pairs besides, which
    /// <see cref="Read"/> then reads.
    /// </summary>
    public static Command AddTo(Command command) => AddTo(command, All);

    /// <summary>Adds <paramref name="switches"/> to <paramref name="command"/>, and lets it take <c>--Section:Key value</c> pairs besides.</summary>
    public static Command AddTo(Command command, IReadOnlyList<CommandLineSwitch> switches)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(switches);
        command.TreatUnmatchedTokensAsErrors = false;
        foreach (var @switch in switches)
        {
            command.Add(CreateOption(@switch));
        }

        return command;
    }

    /// <summary>The pairs of a <c>serve</c> command line given as words; throws <see cref="ConfigurationError"/> for a bad one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Parse(IReadOnlyList<string> args)
    {
        var result = AddTo(new RootCommand()).Parse(args);
        return result.Errors.Count == 0 ? Read(result) : throw new ConfigurationError(string.Join(' ', args), result.Errors[0].Message);
    }

    /// <summary>
    /// The configuration pairs a parsed command line sets: its short switches first, then the <c>--Section:Key value</c>
    /// pairs it did not match, which thus win over a short switch for the same key. Throws <see cref="ConfigurationError"/>
    /// for a token that is neither.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pairs = new List<KeyValuePair<string, string?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var option in command.Command.Options.OfType<Option<string[]>>())
            {
                if (!Made.TryGetValue(option, out var @switch) || !seen.Add(option.Name) || result.GetValue(option) is not { Length: > 0 } values)
                {
                    continue;
                }

                if (@switch.Repeatable)
                {
                    pairs.AddRange(values.Select((value, index) => new KeyValuePair<string, string?>($"{@switch.Key}:{index}", value)));
                }
                else
                {
                    // The last wins, as with .NET's command-line provider (and a Docker CMD after an ENTRYPOINT).
                    pairs.Add(new(@switch.Key, values[^1]));
                }
            }
        }

        foreach (var pair in PassThrough(result.UnmatchedTokens))
        {
            pairs.RemoveAll(earlier => string.Equals(earlier.Key, pair.Key, StringComparison.OrdinalIgnoreCase));
            pairs.Add(pair);
        }

        return pairs;
    }

    /// <summary>Reads <c>--Section:Key value</c> and <c>--Section:Key=value</c> pairs; the last of a key wins.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> PassThrough(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var pairs = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains(':', StringComparison.Ordinal))
            {
                throw new ConfigurationError(token, "is neither a switch of this command nor a --Section:Key setting; see --help.");
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            string key;
            string value;
            if (equals > 0)
            {
                (key, value) = (token[2..equals], token[(equals + 1)..]);
            }
            else if (i + 1 < tokens.Count)
            {
                (key, value) = (token[2..], tokens[++i]);
            }
            else
            {
                throw new ConfigurationError(token[2..], "needs a value.");
            }

            pairs.RemoveAll(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase));
            pairs.Add(new(key, value));
        }

        return pairs;
    }
}
