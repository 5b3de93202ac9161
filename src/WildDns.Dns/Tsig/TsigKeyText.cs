using System.Text;
using System.Text.RegularExpressions;

namespace WildDns.Dns.Tsig;

/// <summary>
/// Reads TSIG keys from text, throwing <see cref="FormatException"/> that says what is wrong. Accepts what the usual tools
/// print, so their output can be pasted as is:
/// <list type="bullet">
/// <item>BIND's <c>tsig-keygen</c> / <c>ddns-confgen</c>: <c>key "acme-key" { algorithm hmac-sha256; secret "c2VjcmV0..."; };</c></item>
/// <item>Knot's <c>keymgr -t acme-key</c>: <c>key:</c> then <c>- id: acme-key</c>, <c>algorithm: hmac-sha256</c>, <c>secret: c2VjcmV0...</c></item>
/// <item>one key a line as the <c>--tsig-key</c> switch takes it: <c>acme-key:hmac-sha256:c2VjcmV0...</c>, optionally
/// <c>:abc.cert.example.com,xyz.cert.example.com</c> to limit it to those scopes</item>
/// </list>
/// Comments (<c>#</c>, <c>//</c>, <c>/* */</c>) are skipped.
/// </summary>
public static partial class TsigKeyText
{
    /// <summary>Parses a whole key file; an empty one yields no keys.</summary>
    public static IReadOnlyList<TsigKey> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = StripComments(text);
        if (YamlKeySection().IsMatch(clean))
        {
            return ParseKnot(clean);
        }

        var keys = new List<TsigKey>();
        var rest = BindKey().Replace(clean, match =>
        {
            keys.Add(ParseBindBlock(match.Groups["name"].Value, match.Groups["body"].Value));
            return string.Empty;
        });
        foreach (var line in rest.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0))
        {
            keys.Add(ParseEntry(line));
        }

        return keys;
    }

    /// <summary>Parses <c>NAME:ALGORITHM:BASE64SECRET[:SCOPE,SCOPE...]</c>, the form of the <c>--tsig-key</c> switch.</summary>
    public static TsigKey ParseEntry(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.Trim().Split(':');
        if (parts.Length is < 3 or > 4)
        {
            throw new FormatException($"'{Redact(entry)}' is not NAME:ALGORITHM:BASE64SECRET[:SCOPE,...] (e.g. acme-key:hmac-sha256:<secret from 'tsig-keygen' or 'keymgr -t'>).");
        }

        var scopes = parts.Length == 4 ? parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return Create(parts[0], parts[1], parts[2], scopes);
    }

    /// <summary>Builds a key from its three parts; throws <see cref="FormatException"/> naming the key and the bad part.</summary>
    public static TsigKey Create(string? name, string? algorithm, string? secret, IEnumerable<string>? scopes)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException("a TSIG key has no name.");
        }

        if (!TsigNames.TryParse(algorithm, out var parsed))
        {
            throw new FormatException($"TSIG key '{name}': algorithm '{algorithm}' is not one of hmac-sha256, hmac-sha512, hmac-sha1.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String((secret ?? string.Empty).Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"TSIG key '{name}': the secret is not base64.");
        }

        try
        {
            return new TsigKey(name, parsed, bytes, scopes);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"TSIG key '{name}': {e.Message}", e);
        }
    }

    private static TsigKey ParseBindBlock(string name, string body)
    {
        var algorithm = BindAlgorithm().Match(body);
        var secret = BindSecret().Match(body);
        if (!algorithm.Success || !secret.Success)
        {
            throw new FormatException($"key \"{name}\" needs both 'algorithm <name>;' and 'secret \"<base64>\";'.");
        }

        return Create(name, algorithm.Groups[1].Value, secret.Groups[1].Value, null);
    }

    private static List<TsigKey> ParseKnot(string text)
    {
        var keys = new List<TsigKey>();
        string? id = null, algorithm = null, secret = null;
        void Flush()
        {
            if (id is not null || algorithm is not null || secret is not null)
            {
                keys.Add(Create(id, algorithm, secret, null));
            }

            id = algorithm = secret = null;
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var startsItem = line.StartsWith('-');
            line = line.TrimStart('-').Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var field = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim().Trim('"', '\'');
            if (startsItem || field == "id" && id is not null)
            {
                Flush();
            }

            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "algorithm":
                    algorithm = value;
                    break;
                case "secret":
                    secret = value;
                    break;
            }
        }

        Flush();
        return keys;
    }

    /// <summary>Drops comments outside double quotes: a base64 secret may hold "//", but only inside quotes in BIND files.</summary>
    private static string StripComments(string text)
    {
        var result = new StringBuilder(text.Length);
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/' && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == ';'))))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (!quoted && c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }

            if (i < text.Length)
            {
                result.Append(text[i]);
            }
        }

        return result.ToString().Replace("\r", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The entry with its third part, the secret, replaced: an entry too short to have one is shown as is.</summary>
    private static string Redact(string entry) => string.Join(':', entry.Split(':').Select((part, i) => i == 2 ? "<secret>" : part));

    [GeneratedRegex(@"key\s+""?(?<name>[^""\s{]+)""?\s*\{(?<body>[^}]*)\}\s*;?", RegexOptions.CultureInvariant)]
    private static partial Regex BindKey();

    [GeneratedRegex(@"algorithm\s+""?([A-Za-z0-9.-]+)""?\s*;", RegexOptions.CultureInvariant)]
    private static partial Regex BindAlgorithm();

    [GeneratedRegex(@"secret\s+""([^""]*)""\s*;", RegexOptions.CultureInvariant)]
    private static partial Regex BindSecret();

    [GeneratedRegex(@"^key\s*:\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex YamlKeySection();
}
