using System.Text.Json.Serialization;

namespace WildDns.Acme.Resources;

/// <summary>The server's directory (RFC 8555 §7.1.1), plus <c>renewalInfo</c> where the server offers ARI (RFC 9773 §3).</summary>
public sealed record AcmeDirectory
{
    [JsonPropertyName("newNonce")]
    public required Uri NewNonce { get; init; }

    [JsonPropertyName("newAccount")]
    public required Uri NewAccount { get; init; }

    [JsonPropertyName("newOrder")]
    public required Uri NewOrder { get; init; }

    [JsonPropertyName("revokeCert")]
    public Uri? RevokeCert { get; init; }

    [JsonPropertyName("keyChange")]
    public Uri? KeyChange { get; init; }

    /// <summary>Null when the server does not offer ARI; then orders carry no <c>replaces</c>.</summary>
    [JsonPropertyName("renewalInfo")]
    public Uri? RenewalInfo { get; init; }

    [JsonPropertyName("meta")]
    public AcmeDirectoryMeta? Meta { get; init; }
}
