using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WildDns.Est;

namespace WildDns.Registration.Tests.Policy;

/// <summary>Certification requests made in-process, for the policy's table.</summary>
internal static class TestRequests
{
    public static CertificationRequest Ec(ECCurve curve, string subject = "", params string[] dnsNames) => Load(Make(ECDsa.Create(curve), subject, dnsNames, null, null));

    public static CertificationRequest Rsa(int bits, params string[] dnsNames) => Load(Make(RSA.Create(bits), string.Empty, dnsNames, null, null));

    public static CertificationRequest WithAddress(string dnsName, IPAddress address) => Load(Make(ECDsa.Create(ECCurve.NamedCurves.nistP256), string.Empty, [dnsName], address, null));

    public static CertificationRequest WithEmail(string dnsName, string email) => Load(Make(ECDsa.Create(ECCurve.NamedCurves.nistP256), string.Empty, [dnsName], null, email));

    public static CertificationRequest WithBrokenSignature(params string[] dnsNames)
    {
        var der = Make(ECDsa.Create(ECCurve.NamedCurves.nistP256), string.Empty, dnsNames, null, null);
        der[^2] ^= 0x55;
        CertificationRequest.TryLoad(der, out var request, out var error);
        return request ?? throw new InvalidOperationException(error);
    }

    /// <summary>A P-256 request for <paramref name="dnsNames"/>, as a device makes it.</summary>
    public static byte[] Make(params string[] dnsNames) => Make(ECDsa.Create(ECCurve.NamedCurves.nistP256), string.Empty, dnsNames, null, null);

    private static byte[] Make(AsymmetricAlgorithm key, string subject, string[] dnsNames, IPAddress? address, string? email)
    {
        using (key)
        {
            var request = key is RSA rsa
                ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                names.AddDnsName(name);
            }

            if (address is not null)
            {
                names.AddIpAddress(address);
            }

            if (email is not null)
            {
                names.AddEmailAddress(email);
            }

            if (dnsNames.Length > 0 || address is not null || email is not null)
            {
                request.CertificateExtensions.Add(names.Build());
            }

            return request.CreateSigningRequest();
        }
    }

    private static CertificationRequest Load(byte[] der) =>
        CertificationRequest.TryLoad(der, out var request, out var error) ? request! : throw new InvalidOperationException(error);
}
