using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>A challenge object (RFC 8555 §7.1.5, §8).</summary>
public sealed record AcmeChallenge
{
    /// <summary>The DNS-01 type (RFC 8555 §8.4), the only one this client answers.</summary>
    public const string Dns01 = "dns-01";

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("url")]
    public Uri Url { get; init; } = null!;

    [JsonPropertyName("status")]
    public string Status { get; init; } = AcmeStatus.Pending;

    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("validated")]
    public DateTimeOffset? Validated { get; init; }

    /// <summary>Why validation failed.</summary>
    [JsonPropertyName("error")]
    public AcmeProblem? Error { get; init; }
}
