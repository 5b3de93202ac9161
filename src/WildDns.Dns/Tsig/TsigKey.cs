using System.Security.Cryptography;
using WildDns.Core.Challenges;

namespace WildDns.Dns.Tsig;

/// <summary>
/// A shared secret for TSIG (RFC 8945), limited to a set of scopes. <see cref="Name"/> is lower case without the root
/// dot. <see cref="Scopes"/> are names (zones or scopes such as <c>abc.cert.example.com</c>), lower case: the key may
/// change <c>_acme-challenge.X</c> only where X is a scope or below one; with no scopes, every served zone
/// (the rule of <see cref="ChallengeScopes"/>, which control-plane tokens follow too).
/// </summary>
public sealed class TsigKey
{
    private readonly byte[] secret;
    private readonly ChallengeScopes scopes;

    /// <summary>Throws <see cref="ArgumentException"/> for an empty name or secret or a malformed scope.</summary>
    public TsigKey(string name, TsigAlgorithm algorithm, byte[] secret, IEnumerable<string>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        Name = Normalise(name);
        if (Name.Length == 0 || Name.Split('.').Any(label => label.Length is 0 or > 63) || Name.Length > 253)
        {
            throw new ArgumentException($"'{name}' is not a key name: it must be a domain name such as acme-key.", nameof(name));
        }

        if (secret.Length == 0)
        {
            throw new ArgumentException($"the secret of key '{name}' is empty.", nameof(secret));
        }

        Algorithm = algorithm;
        this.secret = [.. secret];
        try
        {
            this.scopes = new ChallengeScopes(scopes);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"key '{name}': {e.Message}", nameof(scopes), e);
        }

        NameWire = TsigNames.ToWire(Name);
        AlgorithmWire = TsigNames.ToWire(TsigNames.Of(algorithm));
    }

    public string Name { get; }

    public TsigAlgorithm Algorithm { get; }

    public IReadOnlyList<string> Scopes => scopes.Names;

    /// <summary>The full MAC length in bytes: 32 for HMAC-SHA256, 64 for HMAC-SHA512, 20 for HMAC-SHA1.</summary>
    public int MacLength => Algorithm switch
    {
        TsigAlgorithm.HmacSha512 => HMACSHA512.HashSizeInBytes,
        TsigAlgorithm.HmacSha1 => HMACSHA1.HashSizeInBytes,
        _ => HMACSHA256.HashSizeInBytes,
    };

    /// <summary>The name in canonical wire form (RFC 8945 §4.3.3: lower case, uncompressed).</summary>
    internal byte[] NameWire { get; }

    internal byte[] AlgorithmWire { get; }

    /// <summary>
    /// True when this key may change values at <paramref name="challengeName"/> (lower case, no root dot):
    /// <c>_acme-challenge.x.abc.cert.example.com</c> is within the scope <c>abc.cert.example.com</c> and the zone <c>cert.example.com</c>.
    /// </summary>
    public bool Allows(string challengeName) => scopes.Allows(challengeName);

    /// <summary>The same key limited to <paramref name="scopes"/> instead.</summary>
    public TsigKey WithScopes(IEnumerable<string> scopes) => new(Name, Algorithm, secret, scopes);

    /// <summary>The HMAC of <paramref name="data"/> under this key's secret and algorithm.</summary>
    internal byte[] ComputeMac(ReadOnlySpan<byte> data) => Algorithm switch
    {
        TsigAlgorithm.HmacSha512 => HMACSHA512.HashData(secret, data),
        TsigAlgorithm.HmacSha1 => HMACSHA1.HashData(secret, data),
        _ => HMACSHA256.HashData(secret, data),
    };

    public override string ToString() => $"{Name} ({TsigNames.Of(Algorithm)}{(Scopes.Count > 0 ? ", scopes " + string.Join(", ", Scopes) : string.Empty)})";

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
