namespace WildDns.Core.Challenges;

/// <summary>
/// The names a credential may change challenge values under, for every credential that can be limited: TSIG keys and
/// control-plane tokens. A scope is a domain name, lower case without the root dot: a certid with its zone
/// (<c>abc.cert.example.com</c>) or a whole zone. <c>_acme-challenge.X</c> is within a scope when X is the scope or below it.
/// No scopes: every challenge name in the served zones. Immutable and thread-safe.
/// </summary>
/// <example>
/// Scopes <c>abc.cert.example.com</c>: <c>_acme-challenge.abc.cert.example.com</c> and
/// <c>_acme-challenge.x.abc.cert.example.com</c> are within; <c>_acme-challenge.xabc.cert.example.com</c> is not.
/// </example>
public sealed class ChallengeScopes
{
    private const string ChallengePrefix = "_acme-challenge.";

    private readonly string[] names;

    /// <summary>Normalises and de-duplicates; throws <see cref="FormatException"/> for an entry that is not a domain name.</summary>
    public ChallengeScopes(IEnumerable<string>? scopes)
    {
        var list = new List<string>();
        foreach (var scope in scopes ?? [])
        {
            var name = Normalise(scope);
            if (name.Length == 0)
            {
                continue;
            }

            if (name.Length > 253 || name.Split('.').Any(label => label.Length is 0 or > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw new FormatException($"the scope '{scope}' is not a domain name such as abc.cert.example.com.");
            }

            if (!list.Contains(name))
            {
                list.Add(name);
            }
        }

        names = [.. list];
    }

    /// <summary>No limit: every challenge name.</summary>
    public static ChallengeScopes Unlimited { get; } = new(null);

    /// <summary>The scopes, lower case without the root dot; empty when unlimited.</summary>
    public IReadOnlyList<string> Names => names;

    public bool IsUnlimited => names.Length == 0;

    /// <summary>Reads a configuration value: one comma-separated string, as <c>--tsig-key</c> and the <c>Scopes</c> keys take it.</summary>
    public static ChallengeScopes Parse(string? commaSeparated) =>
        new(commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// True when values at <paramref name="challengeName"/> (lower case, no root dot) may be changed under these scopes.
    /// A name without the <c>_acme-challenge.</c> label is taken as the scope part itself, so a listing's scope can be asked too.
    /// </summary>
    public bool Allows(string challengeName)
    {
        ArgumentNullException.ThrowIfNull(challengeName);
        if (names.Length == 0)
        {
            return true;
        }

        var scope = challengeName.StartsWith(ChallengePrefix, StringComparison.Ordinal) ? challengeName[ChallengePrefix.Length..] : challengeName;
        foreach (var allowed in names)
        {
            if (scope.Length == allowed.Length ? scope == allowed
                : scope.EndsWith(allowed, StringComparison.Ordinal) && scope.Length > allowed.Length && scope[scope.Length - allowed.Length - 1] == '.')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>E.g. <c>abc.cert.example.com, def.cert.example.com</c>, or <c>every served zone</c>.</summary>
    public override string ToString() => names.Length == 0 ? "every served zone" : string.Join(", ", names);

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
