using System.Text.Json.Nodes;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>The challenge resource (RFC 8555 §7.5.1): tell the server a challenge is ready to be validated.</summary>
public sealed class ChallengeService(AcmeCore core)
{
    /// <summary>
    /// Answers the challenge at <paramref name="url"/> with the empty object <c>{}</c> (RFC 8555 §7.5.1), so the server
    /// starts validating. Call it only once the response (for DNS-01: the TXT record) is in place.
    /// </summary>
    public async Task<AcmeChallenge> AnswerAsync(Uri url, CancellationToken cancellationToken)
    {
        var response = await core.PostAsync(url, new JsonObject(), cancellationToken).ConfigureAwait(false);
        return response.Read<AcmeChallenge>(url);
    }
}
