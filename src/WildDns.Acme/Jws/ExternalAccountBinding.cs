using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WildDns.Acme.Jws;

/// <summary>
/// The key a CA hands out to bind a new ACME account to an account of its own (RFC 8555 §7.3.4): a key identifier and an
/// HMAC key, which CAs publish base64url-encoded.
/// </summary>
public sealed class ExternalAccountBinding
{
    private readonly byte[] macKey;

    public ExternalAccountBinding(string keyId, ReadOnlySpan<byte> macKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (macKey.IsEmpty)
        {
            throw new ArgumentException("the external account MAC key is empty", nameof(macKey));
        }

        KeyId = keyId;
        this.macKey = macKey.ToArray();
    }

    public string KeyId { get; }

    /// <summary>Reads the MAC key as CAs print it (base64url, padding optional); a clear error when it is not base64url.</summary>
    public static ExternalAccountBinding FromBase64Url(string keyId, string macKey)
    {
        ArgumentNullException.ThrowIfNull(macKey);
        var trimmed = macKey.Trim().TrimEnd('=');
        byte[] decoded;
        try
        {
            decoded = Base64Url.DecodeFromChars(trimmed);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"the external account MAC key for '{keyId}' is not base64url", exception);
        }

        return new ExternalAccountBinding(keyId, decoded);
    }

    /// <summary>
    /// The <c>externalAccountBinding</c> member of a newAccount payload: a flattened JWS with protected header
    /// <c>{"alg":"HS256","kid":keyId,"url":newAccountUrl}</c> over the account's public key (RFC 8555 §7.3.4).
    /// </summary>
    public string Sign(JsonWebKey accountKey, Uri newAccountUrl)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentNullException.ThrowIfNull(newAccountUrl);
        var header = JsonBytes.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "HS256");
            writer.WriteString("kid", KeyId);
            writer.WriteString("url", newAccountUrl.AbsoluteUri);
            writer.WriteEndObject();
        });
        var protectedHeader = Base64Url.EncodeToString(header);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(accountKey.ToJson()));
        var signature = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes($"{protectedHeader}.{payload}"));
        return JwsSigner.Flattened(protectedHeader, payload, signature);
    }
}
