using System.Text.Json.Serialization;

namespace WildDns.Acme.Renewal;

/// <summary>The <c>suggestedWindow</c> of a renewalInfo answer (RFC 9773 §4.2).</summary>
public sealed record RenewalWindow(
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset End);
