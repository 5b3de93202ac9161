using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>The certificate resource (RFC 8555 §7.4.2): download an issued chain.</summary>
public sealed class CertificateService(AcmeCore core)
{
    private const string PemChain = "application/pem-certificate-chain";

    /// <summary>The chain at <paramref name="url"/> (an order's <c>certificate</c>, or one of a chain's alternates), POST-as-GET.</summary>
    public async Task<CertificateChain> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        var response = await core.PostAsGetAsync(url, cancellationToken, accept: PemChain).ConfigureAwait(false);
        var pem = Encoding.ASCII.GetString(response.Body);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new AcmeException(AcmeProblem.FromStatus((int)response.Status, $"the certificate chain at {url} is not readable PEM: {exception.Message}"), null, exception);
        }

        if (certificates.Count == 0)
        {
            throw new AcmeException(AcmeProblem.FromStatus((int)response.Status, $"the certificate chain at {url} holds no certificate"), null);
        }

        return new CertificateChain
        {
            Pem = pem,
            Certificates = [.. certificates],
            Alternates = LinkHeader.Find(response.Links, "alternate", url),
        };
    }
}
