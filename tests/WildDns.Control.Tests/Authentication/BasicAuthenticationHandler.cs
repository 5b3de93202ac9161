using System.Net.Http.Headers;

namespace WildDns.Control.Tests.Authentication;

/// <summary>Sends an authorization header of the wrong scheme, as a misconfigured client would.</summary>
internal sealed class BasicAuthenticationHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        return base.SendAsync(request, cancellationToken);
    }
}
