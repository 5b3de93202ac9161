namespace WildDns.Acme.Tests.EndToEnd;

/// <summary>Counts the <c>badNonce</c> refusals that pass through an HTTP client, to show a server really refused nonces.</summary>
public sealed class BadNonceCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int refusals;

    public int Refusals => Volatile.Read(ref refusals);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if ((await response.Content.ReadAsStringAsync(cancellationToken)).Contains(AcmeErrorTypes.BadNonce, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refusals);
            }
        }

        return response;
    }
}
