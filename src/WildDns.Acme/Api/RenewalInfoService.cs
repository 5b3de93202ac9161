using System.Security.Cryptography.X509Certificates;
using WildDns.Acme.Renewal;

namespace WildDns.Acme.Api;

/// <summary>ACME Renewal Information (RFC 9773 §4): when the CA suggests renewing a certificate.</summary>
public sealed class RenewalInfoService(AcmeCore core)
{
    /// <summary>True when the server's directory has a <c>renewalInfo</c> URL.</summary>
    public bool IsOffered => core.Directory.RenewalInfo is not null;

    /// <summary>The renewal window of <paramref name="certificate"/>, from an unauthenticated GET (RFC 9773 §4.1).</summary>
    /// <exception cref="NotSupportedException">The server offers no ARI (<see cref="IsOffered"/> is false).</exception>
    public async Task<RenewalInfo> GetAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var baseUrl = core.Directory.RenewalInfo ?? throw new NotSupportedException("the ACME server's directory has no renewalInfo (RFC 9773)");
        var text = baseUrl.AbsoluteUri;
        var url = new Uri($"{text}{(text.EndsWith('/') ? "" : "/")}{CertificateIdentifier.For(certificate)}");
        var response = await core.GetAsync(url, cancellationToken).ConfigureAwait(false);
        return response.Read<RenewalInfo>(url) with { RetryAfter = response.RetryAfter };
    }
}
