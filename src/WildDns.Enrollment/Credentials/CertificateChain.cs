using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace WildDns.Enrollment.Credentials;

/// <summary>Puts the certificates of a PKCS#7 certs-only answer, which are a set without order (RFC 5652 §5.1), in the order TLS sends them: leaf, then each issuer.</summary>
public static class CertificateChain
{
    /// <summary>
    /// The leaf is the one certificate that issued none of the others; each next one is the issuer of the one before.
    /// Certificates that are not on that path (a cross-signed root sent along) follow at the end, in their given order.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> Order(IReadOnlyCollection<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var remaining = certificates.ToList();
        var leaf = remaining.FirstOrDefault(candidate =>
            !remaining.Any(other => !ReferenceEquals(other, candidate) && IsIssuerOf(candidate, other)));
        if (leaf is null)
        {
            return remaining;
        }

        var ordered = new List<X509Certificate2> { leaf };
        remaining.Remove(leaf);
        var current = leaf;
        while (remaining.Count > 0 && !IsSelfIssued(current))
        {
            var issuer = remaining.FirstOrDefault(candidate => IsIssuerOf(candidate, current));
            if (issuer is null)
            {
                break;
            }

            ordered.Add(issuer);
            remaining.Remove(issuer);
            current = issuer;
        }

        ordered.AddRange(remaining);
        return ordered;
    }

    /// <summary>The certificates as concatenated PEM blocks.</summary>
    public static string ToPem(IEnumerable<X509Certificate2> certificates)
    {
        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        return pem.ToString();
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static bool IsIssuerOf(X509Certificate2 issuer, X509Certificate2 subject)
    {
        if (ReferenceEquals(issuer, subject) || !issuer.SubjectName.RawData.AsSpan().SequenceEqual(subject.IssuerName.RawData))
        {
            return false;
        }

        // Same name is not proof (a renewed intermediate keeps it): where both carry key identifiers, they must agree.
        var authorityKey = subject.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var subjectKey = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return authorityKey is not { } expected || subjectKey is not { } actual || expected.Span.SequenceEqual(actual.Span);
    }
}
