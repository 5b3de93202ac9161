using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>An order object (RFC 8555 §7.1.3) and its URL, with <c>replaces</c> from RFC 9773 §5.</summary>
public sealed record AcmeOrder
{
    /// <summary>From the Location header of newOrder; keep it to resume the order after a restart.</summary>
    [JsonIgnore]
    public Uri Url { get; init; } = null!;

    [JsonPropertyName("status")]
    public string Status { get; init; } = AcmeStatus.Pending;

    [JsonPropertyName("expires")]
    public DateTimeOffset? Expires { get; init; }

    [JsonPropertyName("identifiers")]
    public IReadOnlyList<AcmeIdentifier> Identifiers { get; init; } = [];

    [JsonPropertyName("authorizations")]
    public IReadOnlyList<Uri> Authorizations { get; init; } = [];

    [JsonPropertyName("finalize")]
    public Uri Finalize { get; init; } = null!;

    /// <summary>Set once the order is valid.</summary>
    [JsonPropertyName("certificate")]
    public Uri? Certificate { get; init; }

    /// <summary>Why the order became invalid.</summary>
    [JsonPropertyName("error")]
    public AcmeProblem? Error { get; init; }

    [JsonPropertyName("replaces")]
    public string? Replaces { get; init; }

    /// <summary>Retry-After of the response that returned this state (RFC 8555 §7.4: how soon to poll again).</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }
}
