using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WildDns.Est;

namespace WildDns.Registration.Policy;

/// <summary>
/// Decides whether a certification request may go to the CA (SPEC §8.2): its signature verifies, its key is ECDSA P-256
/// or P-384 or RSA of 2048 to 8192 bits, and the names it asks for (DNS names in subjectAltName, plus a subject common
/// name, which CAs treat as a name too) are a non-empty subset of the allowed names, with no IP address or other kind
/// of name. Pure: the same request and names give the same verdict.
/// </summary>
public static class CsrPolicy
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string SubjectAlternativeName = "2.5.29.17";
    private const string CommonName = "2.5.4.3";
    private const int SmallestRsaKey = 2048;
    private const int LargestRsaKey = 8192;

    private static readonly Dictionary<string, string> Curves = new()
    {
        ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.3.132.0.34"] = "P-384",
    };

    /// <summary>The verdict on <paramref name="request"/> for a device or client allowed <paramref name="allowedNames"/>.</summary>
    public static CsrVerdict Judge(CertificationRequest request, IReadOnlyList<string> allowedNames)
    {
        if (!request.SignatureVerifies)
        {
            return CsrVerdict.Refuse("The request's signature does not verify with the public key it contains.");
        }

        if (KeyProblem(request.Request.PublicKey) is { } keyProblem)
        {
            return CsrVerdict.Refuse(keyProblem);
        }

        var names = new List<string>();
        foreach (var extension in request.Request.CertificateExtensions.Where(extension => extension.Oid?.Value == SubjectAlternativeName))
        {
            if (!TryReadAlternativeNames(extension.RawData, names, out var nameProblem))
            {
                return CsrVerdict.Refuse(nameProblem);
            }
        }

        foreach (var commonName in CommonNames(request.Request.SubjectName))
        {
            names.Add(commonName);
        }

        var requested = names.Select(name => name.TrimEnd('.').ToLowerInvariant()).Distinct().ToList();
        var allowed = string.Join(", ", allowedNames);
        if (requested.Count == 0)
        {
            return CsrVerdict.Refuse($"The request names nothing; put one or more of these in its subjectAltName: {allowed}.");
        }

        var foreign = requested.Where(name => !allowedNames.Contains(name, StringComparer.Ordinal)).ToList();
        if (foreign.Count > 0)
        {
            return CsrVerdict.Refuse($"The request names {string.Join(", ", foreign)}, which this device may not have; it may ask for: {allowed}.");
        }

        return CsrVerdict.Accept(allowedNames.Where(requested.Contains).ToList());
    }

    private static string? KeyProblem(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case EcPublicKey:
                using (var ecdsa = key.GetECDsaPublicKey())
                {
                    var curve = ecdsa?.ExportParameters(false).Curve.Oid;
                    var curveOid = curve?.Value ?? string.Empty;
                    return Curves.ContainsKey(curveOid)
                        ? null
                        : $"The request's key is on the curve {curve?.FriendlyName ?? curveOid}; use P-256 or P-384.";
                }

            case RsaEncryption:
                using (var rsa = key.GetRSAPublicKey())
                {
                    var size = rsa?.KeySize ?? 0;
                    return size is >= SmallestRsaKey and <= LargestRsaKey
                        ? null
                        : $"The request's RSA key has {size} bits; use {SmallestRsaKey} to {LargestRsaKey} bits, or an ECDSA P-256 key.";
                }

            default:
                return $"The request's key is {key.Oid.FriendlyName ?? key.Oid.Value}; use ECDSA P-256 or P-384, or RSA of at least {SmallestRsaKey} bits.";
        }
    }

    /// <summary>Reads GeneralNames (RFC 5280 §4.2.1.6) into <paramref name="names"/>; false on any name that is not a DNS name.</summary>
    private static bool TryReadAlternativeNames(byte[] extension, List<string> names, out string problem)
    {
        problem = string.Empty;
        try
        {
            var reader = new AsnReader(extension, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                switch (tag.TagClass == TagClass.ContextSpecific ? tag.TagValue : -1)
                {
                    case 2:
                        names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 7:
                        var address = sequence.ReadOctetString(tag);
                        problem = $"The request asks for the IP address {(address.Length is 4 or 16 ? new IPAddress(address).ToString() : Convert.ToHexString(address))}; "
                            + "only DNS names are certified here, and public CAs do not certify private addresses.";
                        return false;
                    default:
                        problem = $"The request asks for a subjectAltName of kind {KindOf(tag)}; only DNS names are certified here.";
                        return false;
                }
            }

            return true;
        }
        catch (AsnContentException exception)
        {
            problem = $"The request's subjectAltName extension is malformed: {exception.Message}";
            return false;
        }
    }

    private static string KindOf(Asn1Tag tag) => tag.TagClass != TagClass.ContextSpecific
        ? tag.ToString()
        : tag.TagValue switch
        {
            0 => "otherName",
            1 => "rfc822Name (an email address)",
            3 => "x400Address",
            4 => "directoryName",
            5 => "ediPartyName",
            6 => "uniformResourceIdentifier",
            8 => "registeredID",
            _ => $"[{tag.TagValue}]",
        };

    private static IEnumerable<string> CommonNames(X500DistinguishedName subject) =>
        subject.EnumerateRelativeDistinguishedNames()
            .Where(name => !name.HasMultipleElements && name.GetSingleElementType().Value == CommonName)
            .Select(name => name.GetSingleElementValue() ?? string.Empty)
            .Where(name => name.Length > 0);
}
