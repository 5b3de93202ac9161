using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Acme.Renewal;

/// <summary>The ARI certificate identifier (RFC 9773 §4.1): names a certificate in renewalInfo and in an order's <c>replaces</c>.</summary>
public static class CertificateIdentifier
{
    /// <summary>
    /// base64url(Authority Key Identifier keyIdentifier) "." base64url(serial number's DER content octets), e.g.
    /// <c>aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE</c> for keyIdentifier 69:88:5B:…:D4 and serial 00:87:65:43:21.
    /// </summary>
    /// <exception cref="ArgumentException">The certificate has no Authority Key Identifier with a keyIdentifier.</exception>
    public static string For(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var authorityKey = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no Authority Key Identifier keyIdentifier, which ARI needs", nameof(certificate));

        // SerialNumberBytes is big-endian as encoded, keeping the leading zero that marks a positive INTEGER (RFC 9773 §4.1).
        return $"{Base64Url.EncodeToString(authorityKey.Span)}.{Base64Url.EncodeToString(certificate.SerialNumberBytes.Span)}";
    }
}
