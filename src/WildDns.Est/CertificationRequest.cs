using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Est;

/// <summary>
/// A PKCS#10 request as an EST client sent it (RFC 7030 §4.2.1): the DER, the parsed request with its extensions, and
/// whether its self-signature verifies. Deciding whether to accept it (names, key) is the server's policy, not this type's.
/// </summary>
public sealed class CertificationRequest
{
    private CertificationRequest(byte[] der, CertificateRequest request, bool signatureVerifies)
    {
        Der = der;
        Request = request;
        SignatureVerifies = signatureVerifies;
    }

    /// <summary>The request's DER encoding, exactly as received.</summary>
    public byte[] Der { get; }

    /// <summary>The parsed request; its <see cref="CertificateRequest.CertificateExtensions"/> hold the requested extensions.</summary>
    public CertificateRequest Request { get; }

    /// <summary>False when the request is well-formed but its signature does not verify with its own public key.</summary>
    public bool SignatureVerifies { get; }

    /// <summary>The SHA-256 digest of <see cref="Der"/> in lower-case hex: the same request always has the same digest.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Der));

    /// <summary>
    /// Reads an EST request body: base64 (line breaks allowed) of a DER PKCS#10 request. False with a reason a client
    /// can act on when the body is not base64 or not a certification request.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> body, out CertificationRequest? request, out string error)
    {
        request = null;
        if (!EstBase64.TryDecode(body, out var der))
        {
            error = body.IndexOf("-----BEGIN"u8) >= 0
                ? "The body is PEM; EST (RFC 7030 §4.2.1) wants the base64 of the DER request without the BEGIN and END lines."
                : "The body is not base64 (RFC 7030 §4.2.1 wants the base64 of a DER PKCS#10 request).";
            return false;
        }

        return TryLoad(der, out request, out error);
    }

    /// <summary>Reads a DER PKCS#10 request; false with a reason when it is not one.</summary>
    public static bool TryLoad(byte[] der, out CertificationRequest? request, out string error)
    {
        request = null;
        const CertificateRequestLoadOptions Extensions = CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions;
        CertificateRequest parsed;
        try
        {
            parsed = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, Extensions | CertificateRequestLoadOptions.SkipSignatureValidation);
        }
        catch (CryptographicException exception)
        {
            error = $"The body is not a PKCS#10 certification request: {exception.Message}";
            return false;
        }

        bool verifies;
        try
        {
            CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, Extensions);
            verifies = true;
        }
        catch (CryptographicException)
        {
            verifies = false;
        }

        request = new CertificationRequest(der, parsed, verifies);
        error = string.Empty;
        return true;
    }
}
