using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Enrollment.Datasets;

/// <summary>
/// A SHA-256 certificate fingerprint that a device trusts an endpoint by, instead of any CA: written as hex, with or
/// without colons (<c>openssl x509 -fingerprint -sha256</c> prints the colon form), optionally after <c>sha256:</c>.
/// </summary>
public readonly record struct CertificatePin
{
    private readonly byte[] digest;

    private CertificatePin(byte[] digest) => this.digest = digest;

    /// <summary>Reads a fingerprint; false when it is not 32 bytes of hex.</summary>
    public static bool TryParse(string text, out CertificatePin pin)
    {
        pin = default;
        var hex = text.Trim();
        if (hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex["sha256:".Length..];
        }

        hex = hex.Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }

        try
        {
            pin = new CertificatePin(Convert.FromHexString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The pin of a certificate.</summary>
    public static CertificatePin Of(X509Certificate2 certificate) => new(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>True when <paramref name="certificate"/> is exactly the pinned one (a constant-time compare of the digests).</summary>
    public bool Matches(X509Certificate2 certificate) =>
        digest is not null && CryptographicOperations.FixedTimeEquals(digest, certificate.GetCertHash(HashAlgorithmName.SHA256));

    public bool Equals(CertificatePin other) =>
        digest is null ? other.digest is null : other.digest is not null && digest.AsSpan().SequenceEqual(other.digest);

    public override int GetHashCode() => digest is null ? 0 : BitConverter.ToInt32(digest, 0);

    /// <summary>Lower-case hex without separators.</summary>
    public override string ToString() => digest is null ? string.Empty : Convert.ToHexStringLower(digest);
}
