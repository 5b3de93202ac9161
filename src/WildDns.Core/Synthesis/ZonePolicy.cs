using WildDns.Core.Codec;
using WildDns.Core.Networks;

namespace WildDns.Core.Synthesis;

/// <summary>The naming settings of one served zone. Origins and type labels are kept lower case, without a trailing dot.</summary>
public sealed class ZonePolicy
{
    /// <summary>The owner-name prefix of ACME DNS-01 challenges (RFC 8555 §8.4).</summary>
    public const string ChallengeLabel = "_acme-challenge";

    public ZonePolicy(
        string origin,
        string addressLabel = "a",
        string aliasLabel = "cname",
        int maxIdentifierLabels = 2,
        AllowedNetworks? allowedNetworks = null)
    {
        Origin = Normalise(origin);
        if (Origin.Length == 0 || Origin.Split('.').Any(label => label.Length is 0 or > LdhLabel.MaxLength))
        {
            throw new ArgumentException($"'{origin}' is not a zone origin such as cert.example.com.", nameof(origin));
        }

        AddressLabel = addressLabel.ToLowerInvariant();
        AliasLabel = aliasLabel.ToLowerInvariant();
        if (!LdhLabel.IsValid(AddressLabel) || !LdhLabel.IsValid(AliasLabel) || AddressLabel == AliasLabel)
        {
            throw new ArgumentException($"The type labels '{addressLabel}' and '{aliasLabel}' must be two different LDH labels.");
        }

        if (maxIdentifierLabels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIdentifierLabels), maxIdentifierLabels, "A scope holds at least one identifier label.");
        }

        MaxIdentifierLabels = maxIdentifierLabels;
        AllowedNetworks = allowedNetworks ?? AllowedNetworks.Default;
    }

    /// <summary>The zone origin, e.g. <c>cert.example.com</c>.</summary>
    public string Origin { get; }

    /// <summary>The type label that asks for an address answer, <c>a</c> by default.</summary>
    public string AddressLabel { get; }

    /// <summary>The type label that asks for an alias answer, <c>cname</c> by default.</summary>
    public string AliasLabel { get; }

    /// <summary>How many identifier labels a scope may hold (certificate identifier, client identifier).</summary>
    public int MaxIdentifierLabels { get; }

    public AllowedNetworks AllowedNetworks { get; }

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
