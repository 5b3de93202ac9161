using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>An account object (RFC 8555 §7.1.2) and its URL, the <c>kid</c> of every later request.</summary>
public sealed record AcmeAccount
{
    /// <summary>From the Location header, not the body.</summary>
    [JsonIgnore]
    public Uri Url { get; init; } = null!;

    [JsonPropertyName("status")]
    public string Status { get; init; } = AcmeStatus.Valid;

    [JsonPropertyName("contact")]
    public IReadOnlyList<string>? Contact { get; init; }

    [JsonPropertyName("orders")]
    public Uri? Orders { get; init; }

    /// <summary>True when this start created the account; false when it found an existing one for the key.</summary>
    [JsonIgnore]
    public bool Created { get; init; }
}
