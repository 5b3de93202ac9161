using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>The directory's <c>meta</c> object (RFC 8555 §7.1.1).</summary>
public sealed record AcmeDirectoryMeta
{
    [JsonPropertyName("termsOfService")]
    public Uri? TermsOfService { get; init; }

    [JsonPropertyName("website")]
    public Uri? Website { get; init; }

    [JsonPropertyName("caaIdentities")]
    public IReadOnlyList<string>? CaaIdentities { get; init; }

    /// <summary>True when newAccount needs an External Account Binding (RFC 8555 §7.3.4).</summary>
    [JsonPropertyName("externalAccountRequired")]
    public bool ExternalAccountRequired { get; init; }
}
