using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>An identifier in an order or authorization (RFC 8555 §7.1.3, §7.1.4); this client uses type <c>dns</c> only.</summary>
public sealed record AcmeIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value)
{
    /// <summary>A <c>dns</c> identifier; a wildcard keeps its <c>*.</c> in an order (RFC 8555 §7.1.3).</summary>
    public static AcmeIdentifier Dns(string name) => new("dns", name);
}
