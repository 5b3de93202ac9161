using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WildDns.Acme.Jws;

/// <summary>
/// Signs ACME requests as flattened JWS objects (RFC 7515 §7.2.2, RFC 8555 §6.2) with an ES256 account key. Thread-safe.
/// </summary>
public sealed class JwsSigner
{
    private readonly ECDsa key;

    /// <summary>Signs with <paramref name="key"/>, which must be a P-256 key (ES256, RFC 7518 §3.4); the caller keeps ownership.</summary>
    public JwsSigner(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"an ES256 account key must be P-256, not a {key.KeySize}-bit curve", nameof(key));
        }

        this.key = key;
        PublicKey = JsonWebKey.FromECDsa(key);
        Thumbprint = PublicKey.Thumbprint();
    }

    public JsonWebKey PublicKey { get; }

    /// <summary>The RFC 7638 thumbprint of <see cref="PublicKey"/>, the second half of every key authorization.</summary>
    public string Thumbprint { get; }

    /// <summary>
    /// The request body for <paramref name="url"/>: protected header <c>{"alg":"ES256","jwk"|"kid",...,"nonce","url"}</c>,
    /// the payload (empty for POST-as-GET, RFC 8555 §6.3) and the signature. <paramref name="keyId"/> is the account URL; null
    /// embeds the public key instead, which RFC 8555 §6.2 requires for newAccount only.
    /// </summary>
    public string Sign(Uri url, string nonce, ReadOnlySpan<byte> payload, Uri? keyId)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        var header = JsonBytes.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (keyId is null)
            {
                writer.WritePropertyName("jwk");
                PublicKey.WriteTo(writer);
            }
            else
            {
                writer.WriteString("kid", keyId.AbsoluteUri);
            }

            writer.WriteString("nonce", nonce);
            writer.WriteString("url", url.AbsoluteUri);
            writer.WriteEndObject();
        });
        var protectedHeader = Base64Url.EncodeToString(header);
        var encodedPayload = Base64Url.EncodeToString(payload);

        // RFC 7518 §3.4: the ECDSA signature is R and S as fixed-width big-endian integers, concatenated (not DER).
        var signature = key.SignData(
            Encoding.ASCII.GetBytes($"{protectedHeader}.{encodedPayload}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Flattened(protectedHeader, encodedPayload, signature);
    }

    internal static string Flattened(string protectedHeader, string payload, ReadOnlySpan<byte> signature)
    {
        var encodedSignature = Base64Url.EncodeToString(signature);
        return Encoding.UTF8.GetString(JsonBytes.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedHeader);
            writer.WriteString("payload", payload);
            writer.WriteString("signature", encodedSignature);
            writer.WriteEndObject();
        }));
    }
}
