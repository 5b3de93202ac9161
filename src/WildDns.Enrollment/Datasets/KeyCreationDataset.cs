using System.Globalization;
using System.Text.Json;

namespace WildDns.Enrollment.Datasets;

/// <summary>
/// What the registration server hands a device (SPEC §8.1): its certid, the one-time secret, the zone, the names it may
/// ask for, where EST is and, when that endpoint's certificate is not publicly trusted, the pin to trust it by.
/// </summary>
/// <param name="Certid">The certificate identifier, e.g. <c>c7k2m4q9x3b5t</c>.</param>
/// <param name="Secret">The one-time pre-shared secret; null once the device has enrolled and the copy kept has been stripped of it.</param>
/// <param name="Zone">The certificate zone, e.g. <c>cert.example.com</c>.</param>
/// <param name="Names">The names the device may ask for, e.g. <c>*.c7k2m4q9x3b5t.cert.example.com</c>.</param>
/// <param name="Est">The EST base URL, ending in <c>/.well-known/est</c> (or an RFC 7030 §3.2.2 label below it).</param>
/// <param name="Expires">When the secret expires.</param>
/// <param name="EstPin">SHA-256 fingerprint of the EST endpoint's own certificate, or null to trust the system's CAs.</param>
public sealed record KeyCreationDataset(
    string Certid,
    string? Secret,
    string Zone,
    IReadOnlyList<string> Names,
    Uri Est,
    DateTimeOffset Expires,
    CertificatePin? EstPin)
{
    /// <summary>Reads the dataset's JSON; throws <see cref="FormatException"/> naming the field that is missing or wrong.</summary>
    public static KeyCreationDataset Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the key creation dataset is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the key creation dataset must be a JSON object.");
            }

            var certid = RequiredString(root, "certid");
            var zone = RequiredString(root, "zone").TrimEnd('.');
            var names = RequiredNames(root);
            var est = EstUrl(RequiredString(root, "est"));
            var expiresText = RequiredString(root, "expires");
            if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw new FormatException($"the dataset's 'expires' is not a date and time: '{expiresText}'.");
            }

            var secret = OptionalString(root, "secret");
            var pinText = OptionalString(root, "est_pin");
            CertificatePin? pin = null;
            if (pinText is not null)
            {
                pin = CertificatePin.TryParse(pinText, out var parsed)
                    ? parsed
                    : throw new FormatException($"the dataset's 'est_pin' is not a SHA-256 fingerprint: '{pinText}'.");
            }

            return new KeyCreationDataset(certid, secret, zone, names, est, expires, pin);
        }
    }

    /// <summary>The dataset as JSON, in the field names the registration server writes.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("certid", Certid);
            if (Secret is not null)
            {
                writer.WriteString("secret", Secret);
            }

            writer.WriteString("zone", Zone);
            writer.WriteStartArray("names");
            foreach (var name in Names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteString("est", Est.ToString());
            writer.WriteString("expires", Expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (EstPin is { } pin)
            {
                writer.WriteString("est_pin", pin.ToString());
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The same dataset without its secret: what a device keeps once the secret is spent.</summary>
    public KeyCreationDataset WithoutSecret() => this with { Secret = null };

    private static Uri EstUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"the dataset's 'est' must be an https URL: '{text}'.");
        }

        // RFC 7030 §3.2.2: every operation sits below /.well-known/est; a bare host gets that path.
        if (uri.AbsolutePath is "/" or "")
        {
            return new Uri(uri, "/.well-known/est");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    private static string RequiredString(JsonElement root, string field) =>
        OptionalString(root, field) ?? throw new FormatException($"the key creation dataset has no '{field}'.");

    private static string? OptionalString(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new FormatException($"the dataset's '{field}' must be a non-empty string.");
        }

        return value.GetString()!.Trim();
    }

    private static string[] RequiredNames(JsonElement root)
    {
        if (!root.TryGetProperty("names", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0)
        {
            throw new FormatException("the key creation dataset has no 'names' (a non-empty array of DNS names).");
        }

        var result = new string[names.GetArrayLength()];
        var i = 0;
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                throw new FormatException("the dataset's 'names' must hold DNS names as strings.");
            }

            result[i++] = name.GetString()!.Trim().TrimEnd('.').ToLowerInvariant();
        }

        return result;
    }
}
