namespace WildDns.Acme.Nonces;

/// <summary>
/// Anti-replay nonces (RFC 8555 §6.5): every response's <c>Replay-Nonce</c> is kept for the next request, newest first,
/// and a HEAD to <c>newNonce</c> fetches one when none is left. Each nonce is handed out once. Thread-safe.
/// </summary>
public sealed class NoncePool
{
    /// <summary>Nonces kept at most; older ones are dropped, since a server may forget them (then it answers badNonce).</summary>
    public const int Capacity = 32;

    private readonly HttpClient http;
    private readonly Uri newNonceUrl;
    private readonly LinkedList<string> nonces = new();
    private readonly Lock gate = new();

    public NoncePool(HttpClient http, Uri newNonceUrl)
    {
        this.http = http;
        this.newNonceUrl = newNonceUrl;
    }

    /// <summary>Nonces held now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return nonces.Count;
            }
        }
    }

    /// <summary>The freshest unused nonce, or a new one from the server when none is held.</summary>
    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (nonces.First is { } newest)
            {
                nonces.RemoveFirst();
                return newest.Value;
            }
        }

        // RFC 8555 §7.2: HEAD newNonce answers 200 with a Replay-Nonce.
        using var request = new HttpRequestMessage(HttpMethod.Head, newNonceUrl);
        Api.AcmeCore.Identify(http, request);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Read(response)
            ?? throw new AcmeException(AcmeProblem.FromStatus(
                (int)response.StatusCode, $"the ACME server answered HEAD {newNonceUrl} with {(int)response.StatusCode} and no Replay-Nonce"), null);
    }

    /// <summary>Keeps the response's Replay-Nonce, if it has one.</summary>
    public void Add(HttpResponseMessage response)
    {
        if (Read(response) is not { } nonce)
        {
            return;
        }

        lock (gate)
        {
            nonces.AddFirst(nonce);
            if (nonces.Count > Capacity)
            {
                nonces.RemoveLast();
            }
        }
    }

    private static string? Read(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce
            // RFC 8555 §6.5.1: a nonce is base64url; anything else is not one to send back.
            && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? nonce
            : null;
}
