using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using WildDns.Acme.Jws;
using WildDns.Acme.Nonces;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>
/// What every ACME resource service shares: the HTTP client, the directory, the JWS signer, the nonce pool and the account
/// URL. It sends signed POSTs (RFC 8555 §6.2) with a fresh nonce, answering each <c>badNonce</c> with one retry on the
/// nonce that came with it (§6.5), and turns error responses into <see cref="AcmeException"/>. Thread-safe once the
/// account is set.
/// </summary>
public sealed class AcmeCore
{
    /// <summary>
    /// The most retries one request gets for <c>badNonce</c> answers in a row. The fresh nonce of a retry can be refused
    /// too (pebble refuses a set share of good nonces at random), so a single retry would still fail a quarter of the
    /// requests at a 50 % refusal rate; 20 makes that one in a million, and still ends a server's refusal loop.
    /// </summary>
    public const int MaxBadNonceRetries = 20;

    /// <summary>Sent where the caller's HTTP client names no User-Agent of its own: RFC 8555 §6.1 requires one.</summary>
    public const string UserAgent = "WildDns.Acme/1.0";

    private const string JoseJson = "application/jose+json";

    public AcmeCore(HttpClient http, AcmeDirectory directory, JwsSigner signer, TimeProvider? time = null, PollingOptions? polling = null)
    {
        Http = http;
        Directory = directory;
        Signer = signer;
        Time = time ?? TimeProvider.System;
        Polling = polling ?? new PollingOptions();
        Nonces = new NoncePool(http, directory.NewNonce);
    }

    public HttpClient Http { get; }

    public AcmeDirectory Directory { get; }

    public JwsSigner Signer { get; }

    public NoncePool Nonces { get; }

    public TimeProvider Time { get; }

    public PollingOptions Polling { get; }

    /// <summary>The account URL (the <c>kid</c>), set by <see cref="AccountService"/>; null before an account is known.</summary>
    public Uri? AccountUrl { get; internal set; }

    /// <summary>Reads the directory at <paramref name="directoryUrl"/> and makes a core signing with <paramref name="accountKey"/> (P-256).</summary>
    public static async Task<AcmeCore> CreateAsync(
        HttpClient http, Uri directoryUrl, ECDsa accountKey, TimeProvider? time = null, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(directoryUrl);
        var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, directoryUrl), time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var directory = response.Read<AcmeDirectory>(directoryUrl);
        return new AcmeCore(http, directory, new JwsSigner(accountKey), time, polling);
    }

    /// <summary>A POST signed with the account's <c>kid</c>; <paramref name="payload"/> is serialized as JSON.</summary>
    public Task<AcmeResponse> PostAsync(Uri url, object payload, CancellationToken cancellationToken) =>
        SignedPostAsync(url, JsonSerializer.SerializeToUtf8Bytes(payload), embedKey: false, accept: null, cancellationToken);

    /// <summary>POST-as-GET (RFC 8555 §6.3): a signed POST with an empty payload, the only way to read an ACME resource.</summary>
    public Task<AcmeResponse> PostAsGetAsync(Uri url, CancellationToken cancellationToken, string? accept = null) =>
        SignedPostAsync(url, [], embedKey: false, accept, cancellationToken);

    /// <summary>A POST signed with the public key in <c>jwk</c> instead of a <c>kid</c>: newAccount only (RFC 8555 §6.2).</summary>
    public Task<AcmeResponse> PostWithKeyAsync(Uri url, object payload, CancellationToken cancellationToken) =>
        SignedPostAsync(url, JsonSerializer.SerializeToUtf8Bytes(payload), embedKey: true, accept: null, cancellationToken);

    /// <summary>An unauthenticated GET, for the directory and ARI's renewalInfo (RFC 9773 §4.1).</summary>
    public Task<AcmeResponse> GetAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(Http, new HttpRequestMessage(HttpMethod.Get, url), Time, cancellationToken);

    /// <summary>
    /// Fetches with <paramref name="read"/> until <paramref name="done"/> holds, waiting between fetches as the last
    /// response's Retry-After asks (bounded by <see cref="Polling"/>); a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> when <see cref="PollingOptions.Timeout"/> passes first.
    /// </summary>
    public async Task<T> PollAsync<T>(
        Func<CancellationToken, Task<T>> read, Func<T, bool> done, Func<T, TimeSpan?> retryAfter, Func<T, string> what, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            var current = await read(cancellationToken).ConfigureAwait(false);
            if (done(current))
            {
                return current;
            }

            var delay = Polling.DelayFor(retryAfter(current));
            var left = Polling.Timeout - Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{what(current)} after {Polling.Timeout.TotalSeconds:0} s of polling");
            }

            await Task.Delay(delay < left ? delay : left, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AcmeResponse> SignedPostAsync(Uri url, byte[] payload, bool embedKey, string? accept, CancellationToken cancellationToken)
    {
        var keyId = embedKey ? null : AccountUrl ?? throw new InvalidOperationException("no ACME account yet: find or create it first");
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await Nonces.TakeAsync(cancellationToken).ConfigureAwait(false);
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(Signer.Sign(url, nonce, payload, keyId), new MediaTypeHeaderValue(JoseJson)),
            };
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            try
            {
                return await SendAsync(Http, request, Time, cancellationToken, Nonces).ConfigureAwait(false);
            }
            catch (AcmeException exception) when (exception.Type == AcmeErrorTypes.BadNonce && attempt <= MaxBadNonceRetries)
            {
                // RFC 8555 §6.5: the error response carried a fresh nonce (now pooled); the request is repeated with it.
            }
        }
    }

    private static async Task<AcmeResponse> SendAsync(
        HttpClient http, HttpRequestMessage request, TimeProvider time, CancellationToken cancellationToken, NoncePool? nonces = null)
    {
        using (request)
        {
            Identify(http, request);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            nonces?.Add(response);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var retryAfter = RetryAfter.From(response.Headers, time.GetUtcNow());
            if (!response.IsSuccessStatusCode)
            {
                throw new AcmeException(AcmeProblem.Parse((int)response.StatusCode, body), retryAfter);
            }

            var location = response.Headers.Location;
            return new AcmeResponse
            {
                Status = response.StatusCode,
                Body = body,
                ContentType = response.Content.Headers.ContentType?.MediaType,
                Location = location is null ? null : location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location),
                RetryAfter = retryAfter,
                Links = response.Headers.TryGetValues("Link", out var links) ? [.. links] : [],
            };
        }
    }

    internal static void Identify(HttpClient http, HttpRequestMessage request)
    {
        if (http.DefaultRequestHeaders.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.ParseAdd(UserAgent);
        }
    }
}
