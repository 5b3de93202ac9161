using Microsoft.Extensions.Configuration;
using WildDns.Dns.Tsig;

namespace WildDns.Configuration;

/// <summary>
/// The <c>WildDns:Tsig</c> section: keys that may sign RFC 2136 UPDATEs.
/// <list type="bullet">
/// <item><c>WildDns:Tsig:Keys:N</c> as a string <c>NAME:ALGORITHM:BASE64SECRET[:SCOPE,...]</c> (the <c>--tsig-key</c> switch),
/// or as a section with <c>Name</c>, <c>Algorithm</c>, <c>Secret</c> and <c>Scopes</c> (a list, or one comma-separated string);
/// a section with a <c>Name</c> and <c>Scopes</c> but no <c>Secret</c> limits a key of the key file.</item>
/// <item><c>WildDns:Tsig:KeyFile</c>: a file holding <c>tsig-keygen</c> or <c>keymgr -t</c> output, or switch-form lines.</item>
/// </list>
/// </summary>
public static class TsigKeySettings
{
    public const string Section = "WildDns:Tsig";

    /// <summary>Reads every configured key; throws <see cref="ConfigurationError"/> naming the key or file that is wrong.</summary>
    public static TsigKeyRing Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var keys = new List<TsigKey>();
        var limits = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (section["KeyFile"] is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            try
            {
                keys.AddRange(TsigKeyText.Parse(File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                throw new ConfigurationError($"{Section}:KeyFile", $"{path}: {e.Message}");
            }
        }

        foreach (var entry in section.GetSection("Keys").GetChildren())
        {
            try
            {
                if (entry.Value is { } text)
                {
                    keys.Add(TsigKeyText.ParseEntry(text));
                    continue;
                }

                var scopes = entry.GetSection("Scopes") is { Value: { } joined }
                    ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [.. entry.GetSection("Scopes").GetChildren().Select(child => child.Value).OfType<string>()];
                if (entry["Secret"] is null && entry["Name"] is { } name)
                {
                    limits[name.TrimEnd('.')] = scopes;
                    continue;
                }

                keys.Add(TsigKeyText.Create(entry["Name"], entry["Algorithm"] ?? "hmac-sha256", entry["Secret"], scopes));
            }
            catch (FormatException e)
            {
                throw new ConfigurationError(entry.Path, e.Message);
            }
        }

        foreach (var (name, scopes) in limits)
        {
            var index = keys.FindIndex(key => key.Name == name.ToLowerInvariant());
            if (index < 0)
            {
                throw new ConfigurationError($"{Section}:Keys", $"scopes are given for the key '{name}', but no key of that name is configured.");
            }

            try
            {
                keys[index] = keys[index].WithScopes(scopes);
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationError($"{Section}:Keys", e.Message);
            }
        }

        try
        {
            return new TsigKeyRing(keys);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationError($"{Section}:Keys", e.Message);
        }
    }
}
