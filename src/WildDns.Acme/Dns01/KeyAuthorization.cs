using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WildDns.Acme.Dns01;

/// <summary>Key authorizations (RFC 8555 §8.1) and the DNS-01 TXT value made from them (§8.4).</summary>
public static class KeyAuthorization
{
    /// <summary><paramref name="token"/> "." the account key's RFC 7638 thumbprint (RFC 8555 §8.1).</summary>
    public static string For(string token, string accountThumbprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(accountThumbprint);
        return $"{token}.{accountThumbprint}";
    }

    /// <summary>The TXT record value for DNS-01: base64url of the SHA-256 of the key authorization, 43 characters (RFC 8555 §8.4).</summary>
    public static string TxtValue(string keyAuthorization)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyAuthorization);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
    }

    /// <summary>The name the TXT record goes at: <c>_acme-challenge.</c> before the identifier without a wildcard's <c>*.</c> (RFC 8555 §8.4).</summary>
    public static string RecordName(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var name = identifier.StartsWith("*.", StringComparison.Ordinal) ? identifier[2..] : identifier;
        return $"_acme-challenge.{name.TrimEnd('.')}";
    }
}
