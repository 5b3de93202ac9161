using System.Text.Json;
using System.Text.Json.Serialization;

namespace WildDns.Registration.Admin;

/// <summary>
/// What a device is given at registration (SPEC §8.1), as JSON for a file on a USB stick or a factory line:
/// <c>{"certid":"c…","secret":"…","zone":"cert.example.com","names":["*.c….cert.example.com","*.c….cname.cert.example.com"],
/// "est":"https://registrar.example.com:5443/.well-known/est","expires":"2030-01-31T12:00:00Z","est_pin":"…"}</c>.
/// </summary>
/// <param name="Est">The EST base URL; operations are appended (<c>/simpleenroll</c>).</param>
/// <param name="EstPin">SHA-256 of the EST listener's certificate (DER, lower-case hex) when that certificate is not publicly trusted.</param>
public sealed record KeyCreationDataset(
    [property: JsonPropertyName("certid")] string CertId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("zone")] string Zone,
    [property: JsonPropertyName("names")] IReadOnlyList<string> Names,
    [property: JsonPropertyName("est")] string Est,
    [property: JsonPropertyName("expires")] DateTimeOffset Expires,
    [property: JsonPropertyName("est_pin"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EstPin)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    /// <summary>Reads a dataset file; null when the JSON is not one.</summary>
    public static KeyCreationDataset? FromJson(string json) => JsonSerializer.Deserialize<KeyCreationDataset>(json);
}
