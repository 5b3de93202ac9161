using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WildDns.Enrollment.Datasets;
using WildDns.Est;

namespace WildDns.Enrollment.Est;

/// <summary>An RFC 7030 client for the operations a device needs: cacerts, simpleenroll, simplereenroll and a labelled enroll for a client's request.</summary>
public sealed class EstClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri baseUrl;

    /// <summary>A client for the EST base URL <paramref name="baseUrl"/> (ending in <c>/.well-known/est</c>), over <paramref name="handler"/>.</summary>
    public EstClient(Uri baseUrl, HttpMessageHandler handler, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        this.baseUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        http = new HttpClient(handler) { Timeout = requestTimeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// The TLS settings a device uses: with a <paramref name="pin"/>, exactly that server certificate and nothing else
    /// (trust on first contact, as the dataset says); else the CAs in <paramref name="trustedCas"/> if given, else the
    /// system's. <paramref name="clientCertificate"/> authenticates re-enrollment by mutual TLS (RFC 7030 §3.3.2).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(CertificatePin? pin, X509Certificate2Collection? trustedCas, X509Certificate2? clientCertificate)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (pin is { } expected)
        {
            // The pin replaces name and chain checks: it names the one certificate this server may present.
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && expected.Matches(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        }
        else if (trustedCas is { Count: > 0 })
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && ChainsTo(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), trustedCas);
        }

        if (clientCertificate is not null)
        {
            // Sent whatever CA names the server asks for: the registrar pins the device's certificate, it does not chain it.
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>GET <c>cacerts</c> (RFC 7030 §4.1): the CA certificates the server names.</summary>
    public async Task<IReadOnlyList<X509Certificate2>> GetCaCertificatesAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, "cacerts"), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"cacerts answered {(int)response.StatusCode} {ReasonOf(response, body)}", null, response.StatusCode);
        }

        return DecodeCertsOnly(body);
    }

    /// <summary>POST <c>simpleenroll</c> (RFC 7030 §4.2.1) with HTTP Basic credentials: the device's first certificate.</summary>
    public Task<EstResponse> SimpleEnrollAsync(byte[] csrDer, string user, string password, CancellationToken cancellationToken)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return EnrollAsync("simpleenroll", csrDer, new AuthenticationHeaderValue("Basic", credentials), cancellationToken);
    }

    /// <summary>POST <c>simplereenroll</c> (RFC 7030 §4.2.2): a renewal, authenticated by the TLS client certificate of the handler.</summary>
    public Task<EstResponse> SimpleReenrollAsync(byte[] csrDer, CancellationToken cancellationToken) =>
        EnrollAsync("simplereenroll", csrDer, null, cancellationToken);

    /// <summary>POST <c>simpleenroll</c> under an arbitrary label (RFC 7030 §3.2.2), e.g. a client's certificate, the device authenticated by its certificate.</summary>
    public Task<EstResponse> LabelledEnrollAsync(string label, byte[] csrDer, CancellationToken cancellationToken) =>
        EnrollAsync($"{Uri.EscapeDataString(label)}/simpleenroll", csrDer, null, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<EstResponse> EnrollAsync(string operation, byte[] csrDer, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        // RFC 7030 §4.2.1 with RFC 8951 §3.2: the body is base64 of the DER request, marked as such.
        using var content = new StringContent(Convert.ToBase64String(csrDer, Base64FormattingOptions.InsertLineBreaks), Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue(EstMediaTypes.Pkcs10);
        content.Headers.Add("Content-Transfer-Encoding", "base64");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, operation)) { Content = content };
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var retryAfter = RetryAfterOf(response);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new EstResponse(EstOutcome.Issued, response.StatusCode, DecodeCertsOnly(body), null, "issued"),
            HttpStatusCode.Accepted => new EstResponse(EstOutcome.Pending, response.StatusCode, [], retryAfter, ReasonOf(response, body)),
            _ => new EstResponse(EstOutcome.Refused, response.StatusCode, [], retryAfter, ReasonOf(response, body)),
        };
    }

    /// <summary>A base64 PKCS#7 certs-only body (RFC 7030 §4.1.3, §4.2.3) to its certificates.</summary>
    private static IReadOnlyList<X509Certificate2> DecodeCertsOnly(string base64) =>
        CertsOnlyMessage.TryDecodeBody(Encoding.ASCII.GetBytes(base64), out var certificates)
            ? [.. certificates]
            : throw new InvalidDataException("the EST answer is not a base64 PKCS#7 certs-only message.");

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static string ReasonOf(HttpResponseMessage response, string body)
    {
        var text = body.Trim();
        if (text.Length > 500)
        {
            text = text[..500];
        }

        return text.Length > 0 ? text : response.ReasonPhrase ?? response.StatusCode.ToString();
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection trustedCas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
