using System.Text.Json.Serialization;

namespace WildDns.Acme.Renewal;

/// <summary>A renewalInfo answer (RFC 9773 §4.2): the window in which the CA suggests renewing a certificate.</summary>
public sealed record RenewalInfo
{
    [JsonPropertyName("suggestedWindow")]
    public required RenewalWindow SuggestedWindow { get; init; }

    [JsonPropertyName("explanationURL")]
    public Uri? ExplanationUrl { get; init; }

    /// <summary>When to ask again (RFC 9773 §4.3), from the response's Retry-After.</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// A moment to renew at, picked uniformly inside the window (RFC 9773 §4.2 asks clients to spread renewals so); the
    /// start when the window is empty or reversed.
    /// </summary>
    public DateTimeOffset PickRenewalTime(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (start, end) = (SuggestedWindow.Start, SuggestedWindow.End);
        return end <= start ? start : start + TimeSpan.FromTicks((long)(random.NextDouble() * (end - start).Ticks));
    }
}
