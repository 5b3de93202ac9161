using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using WildDns.Control.Challenges;
using WildDns.Control.Hosting;

namespace WildDns.Configuration;

/// <summary>
/// Every key under <c>WildDns:</c>, read from the settings classes, so that a value of the wrong type stops the start with
/// one line naming its key (before anything binds it), and a key that is not a setting draws a warning naming the nearest
/// one. A new settings section is one more entry in <see cref="Sections"/>.
/// </summary>
public static class SettingsCatalog
{
    public const string Root = "WildDns";

    /// <summary>The sections and the classes they bind to; a section may bind to several (the zones and their reloads).</summary>
    public static readonly IReadOnlyList<(string Section, Type Settings)> Sections =
    [
        (DnsSettings.Section, typeof(DnsSettings)),
        (ZoneSettings.Section, typeof(ZoneSettings)),
        (ZoneReloadSettings.Section, typeof(ZoneReloadSettings)),
        (ControlPlaneOptions.SectionName, typeof(ControlPlaneOptions)),
        (ChallengeOptions.SectionName, typeof(ChallengeOptions)),
        (TsigKeySettings.Section, typeof(TsigSettingsShape)),
        (OperationsSettings.Section, typeof(OperationsSettings)),
        (TelemetrySettings.Section, typeof(TelemetrySettings)),
        (LoggingSettings.Section, typeof(LoggingSettings)),
        (RateLimitSettings.Section, typeof(RateLimitSettings)),
        (CookieSettings.Section, typeof(CookieSettings)),
        (Control.Replicas.StoreOptions.SectionName, typeof(Control.Replicas.StoreOptions)),
        (Registration.Hosting.RegistrarSettings.Section, typeof(Registration.Hosting.RegistrarSettings)),
        (Registration.Ordering.AcmeSettings.Section, typeof(Registration.Ordering.AcmeSettings)),
        ($"{Registration.Hosting.RegistrarSettings.Section}:Operations", typeof(OperationsSettings)),
    ];

    /// <summary>Keys directly under <c>WildDns</c> that hold a value.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys = [ControlPlaneOptions.DataDirectoryKey];

    /// <summary>Keys that were settings once, with what replaced them.</summary>
    private static readonly Dictionary<string, string> Replaced = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WildDns:Telemetry:HttpPort"] = $"{OperationsSettings.Section}:Port",
        ["WildDns:Telemetry:HttpListen"] = $"{OperationsSettings.Section}:Listen",
    };

    /// <summary>
    /// Checks every value under <c>WildDns:</c>: throws <see cref="ConfigurationError"/> for one its setting cannot take,
    /// and returns one warning per key that is not a setting, e.g.
    /// <c>WildDns:Dns:Prot is not a setting; did you mean WildDns:Dns:Port?</c>.
    /// </summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var warnings = new List<string>();
        foreach (var entry in configuration.GetSection(Root).AsEnumerable())
        {
            if (entry.Value is null)
            {
                continue;
            }

            var type = SettingType(entry.Key);
            if (type is null)
            {
                warnings.Add(Replaced.TryGetValue(entry.Key, out var successor)
                    ? $"{entry.Key} is no longer a setting; {successor} replaces it."
                    : $"{entry.Key} is not a setting, and is ignored; did you mean {Nearest(entry.Key)}?");
                continue;
            }

            if (type == typeof(IEnumerable))
            {
                warnings.Add($"{entry.Key} is a list, and one value for all of it is ignored; give {entry.Key}:0, {entry.Key}:1, ... (a JSON array, numbered environment variables, or the switch repeated).");
                continue;
            }

            if (!CanConvert(type, entry.Value))
            {
                throw new ConfigurationError(entry.Key, Describe(type, entry.Value));
            }
        }

        return warnings;
    }

    /// <summary>Every settable key, with list entries as the list's own key (<c>WildDns:Dns:Listen</c>).</summary>
    public static IEnumerable<string> KnownKeys() =>
        TopLevelKeys.Concat(Sections.SelectMany(section => Keys(section.Section, section.Settings))).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The type a key's value converts to: <c>string</c> for a key that takes any text, <see cref="IEnumerable"/> for a list
    /// given one value, null for no setting.
    /// </summary>
    private static Type? SettingType(string key)
    {
        if (TopLevelKeys.Any(known => string.Equals(known, key, StringComparison.OrdinalIgnoreCase)))
        {
            return typeof(string);
        }

        foreach (var (section, settings) in Sections)
        {
            if (!key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var type = Walk(settings, key[(section.Length + 1)..].Split(':'));
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }

    private static Type? Walk(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return IsLeaf(type) ? type : ElementType(type) is not null ? typeof(IEnumerable) : null;
        }

        if (ElementType(type) is { } element)
        {
            if (!int.TryParse(path[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return null;
            }

            // An entry of a list of sections may also be one text value (a TSIG key as NAME:ALG:SECRET).
            return path.Length == 1 && !IsLeaf(element) ? typeof(string) : Walk(element, path[1..]);
        }

        if (IsLeaf(type))
        {
            // A comma-separated text setting may be given as a list too (Listen:0, Listen:1).
            return type == typeof(string) && path.Length == 1 && int.TryParse(path[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? type : null;
        }

        var segment = path[0];
        var property = Settable(type).FirstOrDefault(candidate => string.Equals(candidate.Name, segment, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : Walk(property.PropertyType, path[1..]);
    }

    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        if (IsLeaf(type))
        {
            return [prefix];
        }

        if (ElementType(type) is { } element)
        {
            return IsLeaf(element) ? [prefix] : [prefix, .. Keys($"{prefix}:0", element)];
        }

        return Settable(type).SelectMany(property => Keys($"{prefix}:{property.Name}", property.PropertyType));
    }

    // A get-only list is settable too: the binder adds its entries to the list the class made (ControlPlaneOptions.Tokens).
    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } || (property.GetMethod is { IsPublic: true } && ElementType(property.PropertyType) is not null));

    private static bool IsLeaf(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) || plain.IsPrimitive || plain.IsEnum || plain == typeof(TimeSpan) || plain == typeof(decimal) || plain == typeof(Uri);
    }

    private static Type? ElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;

    private static bool CanConvert(Type type, string value)
    {
        if (value.Length == 0 || type == typeof(string))
        {
            return true;
        }

        try
        {
            // The converter the configuration binder itself uses, with the invariant culture it uses.
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type, string value)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain switch
        {
            _ when plain == typeof(int) || plain == typeof(long) || plain == typeof(uint) || plain == typeof(ushort) => $"'{value}' is not a whole number.",
            _ when plain == typeof(double) || plain == typeof(float) || plain == typeof(decimal) => $"'{value}' is not a number such as 0.5.",
            _ when plain == typeof(bool) => $"'{value}' is neither true nor false.",
            _ when plain == typeof(TimeSpan) => $"'{value}' is not a duration; write hh:mm:ss (01:00:00 is an hour) or d.hh:mm:ss.",
            _ when plain.IsEnum => $"'{value}' is none of {string.Join(", ", Enum.GetNames(plain))}.",
            _ => $"'{value}' cannot be read as {plain.Name}.",
        };
    }

    private static string Nearest(string key)
    {
        var asked = string.Join(':', key.Split(':').Where(segment => !segment.All(char.IsAsciiDigit)));
        return KnownKeys().MinBy(known => Distance(asked.ToLowerInvariant(), known.ToLowerInvariant()))!;
    }

    /// <summary>Levenshtein distance: the fewest one-character insertions, deletions and substitutions from one to the other.</summary>
    private static int Distance(string from, string to)
    {
        var previous = Enumerable.Range(0, to.Length + 1).ToArray();
        var current = new int[to.Length + 1];
        for (var i = 1; i <= from.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= to.Length; j++)
            {
                var substitution = previous[j - 1] + (from[i - 1] == to[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[to.Length];
    }

    /// <summary>The keys <see cref="TsigKeySettings"/> reads, described as a class so that they are checked like the others.</summary>
    private sealed class TsigSettingsShape
    {
        public string? KeyFile { get; set; }

        public List<TsigKeyShape> Keys { get; set; } = [];
    }

    /// <summary>One entry of <c>WildDns:Tsig:Keys</c> in its section form.</summary>
    private sealed class TsigKeyShape
    {
        public string? Name { get; set; }

        public string? Algorithm { get; set; }

        public string? Secret { get; set; }

        public string? Scopes { get; set; }
    }
}
