namespace WildDns.Configuration;

/// <summary>
/// Maps the <c>wilddns serve</c> switches onto configuration keys, so that a switch, an <c>appsettings.json</c> key and
/// an environment variable (<c>WildDns__Dns__Port</c>) set the same thing. Repeated switches become list entries.
/// </summary>
public static class CommandLineSwitches
{
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--dns-port"] = "WildDns:Dns:Port",
        ["--listen"] = "WildDns:Dns:Listen",
        ["--zones"] = "WildDns:Zones:Directory",
        ["--control-port"] = "WildDns:Control:Port",
        ["--control-listen"] = "WildDns:Control:Listen",
        ["--data"] = "WildDns:DataDirectory",
        ["--tsig-key"] = "WildDns:Tsig:Keys",
    };

    private static readonly HashSet<string> Repeatable = ["--listen", "--control-listen", "--tsig-key"];

    /// <summary>Turns switches into configuration pairs; throws <see cref="ConfigurationError"/> for an unknown or incomplete one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Parse(IReadOnlyList<string> args)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                (name, value) = (arg[..equals], arg[(equals + 1)..]);
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            if (!Keys.TryGetValue(name, out var key))
            {
                // Any other "--Section:Key value" pair is passed through, as .NET's command-line provider does.
                if (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal) && value is not null)
                {
                    pairs.RemoveAll(pair => string.Equals(pair.Key, name[2..], StringComparison.OrdinalIgnoreCase));
                    pairs.Add(new(name[2..], value));
                    continue;
                }

                throw new ConfigurationError(name, "unknown switch; see 'wilddns help'.");
            }

            if (value is null)
            {
                throw new ConfigurationError(name, $"needs a value (sets {key}).");
            }

            if (Repeatable.Contains(name))
            {
                var index = counts.GetValueOrDefault(name);
                counts[name] = index + 1;
                pairs.Add(new($"{key}:{index}", value));
            }
            else
            {
                // The last of a repeated switch wins, as with .NET's command-line provider (and a Docker CMD after an ENTRYPOINT).
                pairs.RemoveAll(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase));
                pairs.Add(new(key, value));
            }
        }

        return pairs;
    }
}
