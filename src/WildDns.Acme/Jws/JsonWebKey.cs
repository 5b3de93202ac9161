using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WildDns.Acme.Jws;

/// <summary>A public JSON Web Key (RFC 7517) of an EC or RSA key, with its RFC 7638 thumbprint.</summary>
public sealed class JsonWebKey
{
    private JsonWebKey(string keyType, IReadOnlyList<KeyValuePair<string, string>> members)
    {
        KeyType = keyType;
        Members = members;
    }

    /// <summary>"EC" or "RSA".</summary>
    public string KeyType { get; }

    /// <summary>The required members only, in lexicographic order of their names, as RFC 7638 §3.2 hashes them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Members { get; }

    /// <summary>The public half of a P-256, P-384 or P-521 key.</summary>
    public static JsonWebKey FromECDsa(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var curve = parameters.Curve.Oid.Value switch
        {
            "1.2.840.10045.3.1.7" => "P-256",
            "1.3.132.0.34" => "P-384",
            "1.3.132.0.35" => "P-521",
            var other => throw new ArgumentException($"unsupported EC curve {other ?? parameters.Curve.Oid.FriendlyName}", nameof(key)),
        };
        return new JsonWebKey("EC",
        [
            new("crv", curve),
            new("kty", "EC"),
            new("x", Base64Url.EncodeToString(parameters.Q.X)),
            new("y", Base64Url.EncodeToString(parameters.Q.Y)),
        ]);
    }

    /// <summary>An RSA public key from its modulus and exponent as big-endian unsigned integers.</summary>
    public static JsonWebKey FromRsa(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent) =>
        new("RSA",
        [
            new("e", Base64Url.EncodeToString(exponent)),
            new("kty", "RSA"),
            new("n", Base64Url.EncodeToString(modulus)),
        ]);

    /// <summary>
    /// RFC 7638 §3: base64url of the SHA-256 of the required members in lexicographic order, without whitespace, e.g.
    /// <c>NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs</c> for the RSA key of §3.1.
    /// </summary>
    public string Thumbprint() => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>The canonical JSON (RFC 7638 §3.3), which is also a valid <c>jwk</c> header value.</summary>
    public string ToJson() => Encoding.UTF8.GetString(JsonBytes.Write(WriteTo));

    /// <summary>Writes the key as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in Members)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }
}
