using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>An authorization object (RFC 8555 §7.1.4) and its URL.</summary>
public sealed record AcmeAuthorization
{
    [JsonIgnore]
    public Uri Url { get; init; } = null!;

    /// <summary>The identifier without a wildcard's <c>*.</c>; <see cref="Wildcard"/> says whether the order asked for one.</summary>
    [JsonPropertyName("identifier")]
    public AcmeIdentifier Identifier { get; init; } = null!;

    [JsonPropertyName("status")]
    public string Status { get; init; } = AcmeStatus.Pending;

    [JsonPropertyName("expires")]
    public DateTimeOffset? Expires { get; init; }

    [JsonPropertyName("challenges")]
    public IReadOnlyList<AcmeChallenge> Challenges { get; init; } = [];

    [JsonPropertyName("wildcard")]
    public bool Wildcard { get; init; }

    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }
}
