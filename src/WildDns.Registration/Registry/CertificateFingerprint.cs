using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Registration.Registry;

/// <summary>The SHA-256 fingerprint of a certificate's DER in lower-case hex: how the registry names certificates, and the dataset's <c>est_pin</c>.</summary>
public static class CertificateFingerprint
{
    public static string Of(X509Certificate2 certificate) => Of(certificate.RawData);

    public static string Of(byte[] der) => Convert.ToHexStringLower(SHA256.HashData(der));
}
