using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Est;

/// <summary>
/// The degenerate PKCS#7 SignedData of RFC 7030 §4.1.3 and §4.2.3: certificates and no signers (RFC 5652 §5.2), the
/// answer of <c>cacerts</c> and of an enrollment. <c>openssl pkcs7 -inform DER -print_certs</c> reads it.
/// </summary>
public static class CertsOnlyMessage
{
    /// <summary>The DER of a certs-only message holding <paramref name="certificates"/> in the given order.</summary>
    public static byte[] Encode(IEnumerable<X509Certificate2> certificates)
    {
        var collection = new X509Certificate2Collection();
        foreach (var certificate in certificates)
        {
            collection.Add(certificate);
        }

        if (collection.Count == 0)
        {
            throw new ArgumentException("A certs-only message needs at least one certificate.", nameof(certificates));
        }

        // The platform writes exactly the degenerate form: SignedData, version 1, no digest algorithms, empty id-data content.
        return collection.Export(X509ContentType.Pkcs7)!;
    }

    /// <summary>The base64 body (line-broken) of a certs-only answer.</summary>
    public static byte[] EncodeBody(IEnumerable<X509Certificate2> certificates) => EstBase64.Encode(Encode(certificates));

    /// <summary>Reads a certs-only message (DER) back into its certificates; false when it is not one.</summary>
    public static bool TryDecode(byte[] der, out X509Certificate2Collection certificates)
    {
        certificates = [];
        var message = new SignedCms();
        try
        {
            message.Decode(der);
        }
        catch (CryptographicException)
        {
            return false;
        }

        if (message.SignerInfos.Count != 0)
        {
            return false;
        }

        certificates = message.Certificates;
        return true;
    }

    /// <summary>Reads a base64 certs-only body, as an EST client does; false when it is not one.</summary>
    public static bool TryDecodeBody(ReadOnlySpan<byte> body, out X509Certificate2Collection certificates)
    {
        certificates = [];
        return EstBase64.TryDecode(body, out var der) && TryDecode(der, out certificates);
    }
}
