using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>The authorization resource (RFC 8555 §7.5).</summary>
public sealed class AuthorizationService(AcmeCore core)
{
    /// <summary>The authorization's current state (POST-as-GET).</summary>
    public async Task<AcmeAuthorization> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var response = await core.PostAsGetAsync(url, cancellationToken).ConfigureAwait(false);
        return response.Read<AcmeAuthorization>(url) with { Url = url, RetryAfter = response.RetryAfter };
    }

    /// <summary>Polls while the authorization is <c>pending</c> (RFC 8555 §7.5.1), honouring Retry-After; returns its next state.</summary>
    public Task<AcmeAuthorization> WaitWhilePendingAsync(Uri url, CancellationToken cancellationToken) =>
        core.PollAsync(
            token => GetAsync(url, token),
            authorization => authorization.Status != AcmeStatus.Pending,
            authorization => authorization.RetryAfter,
            authorization => $"authorization {url} for {authorization.Identifier?.Value} is still pending",
            cancellationToken);
}
