using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WildDns.Acme.Tests.Stub;

/// <summary>
/// A stub, not a CA: Debian's pebble (2.4) has no ARI (no <c>renewalInfo</c> in its directory, no <c>replaces</c>, RFC
/// 9773) and never refuses with <c>rateLimited</c> and Retry-After, so these few HTTP endpoints on loopback stand in for
/// exactly that. It does hold to nonces (each one it issues is good once), so the client's nonce handling meets a strict
/// server here too; signatures, validation and issuance are left to the real pebble in the end-to-end tests.
/// </summary>
public sealed class AcmeStubServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly ConcurrentDictionary<string, bool> nonces = new();
    private readonly ConcurrentQueue<JsonObject> orders = new();
    private readonly ConcurrentQueue<string> renewalInfoRequests = new();
    private readonly ConcurrentDictionary<string, int> posts = new();
    private int nonceCounter;
    private int noncesToRefuse;

    private AcmeStubServer(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        listener.Prefixes.Add(baseUrl.AbsoluteUri);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public Uri DirectoryUrl => new(BaseUrl, "dir");

    /// <summary>newOrder answers 429 rateLimited with Retry-After until this moment.</summary>
    public DateTimeOffset RateLimitedUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Certificate identifiers that newOrder refuses in <c>replaces</c> with <c>alreadyReplaced</c>.</summary>
    public ConcurrentDictionary<string, bool> AlreadyReplaced { get; } = new();

    /// <summary>The renewal window renewalInfo answers with, and its Retry-After in seconds.</summary>
    public (DateTimeOffset Start, DateTimeOffset End, int RetryAfterSeconds) Window { get; set; } =
        (DateTimeOffset.UtcNow.AddDays(20), DateTimeOffset.UtcNow.AddDays(22), 21600);

    /// <summary>The payloads of every newOrder request, refused ones included, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Orders => [.. orders];

    /// <summary>The certificate identifiers renewalInfo was asked for.</summary>
    public IReadOnlyList<string> RenewalInfoRequests => [.. renewalInfoRequests];

    /// <summary>The User-Agent of the last signed request.</summary>
    public string? UserAgent { get; private set; }

    /// <summary>Signed requests that reached <paramref name="path"/>, refused ones included.</summary>
    public int PostsTo(string path) => posts.GetValueOrDefault(path);

    /// <summary>The next <paramref name="count"/> signed requests are refused with badNonce, though their nonces are good.</summary>
    public void RefuseNextNonces(int count) => Volatile.Write(ref noncesToRefuse, count);

    /// <summary>Starts on a free loopback port (a few tries, as another process may take the port first).</summary>
    public static AcmeStubServer Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new AcmeStubServer(new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}/"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between finding and binding it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(false);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                await WriteAsync(context.Response, 500, "text/plain", exception.ToString()).ConfigureAwait(false);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var (request, response) = (context.Request, context.Response);
        var path = request.Url!.AbsolutePath;
        response.Headers["Replay-Nonce"] = NewNonce();
        if (request.HttpMethod == "GET" && path == "/dir")
        {
            await WriteJsonAsync(response, 200, new JsonObject
            {
                ["newNonce"] = Url("nonce"),
                ["newAccount"] = Url("account"),
                ["newOrder"] = Url("order"),
                ["renewalInfo"] = Url("renewal-info"),
            }).ConfigureAwait(false);
            return;
        }

        if (request.HttpMethod == "HEAD" && path == "/nonce")
        {
            await WriteAsync(response, 200, "text/plain", string.Empty).ConfigureAwait(false);
            return;
        }

        if (request.HttpMethod == "GET" && path.StartsWith("/renewal-info/", StringComparison.Ordinal))
        {
            renewalInfoRequests.Enqueue(path["/renewal-info/".Length..]);
            response.Headers["Retry-After"] = Window.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await WriteJsonAsync(response, 200, new JsonObject
            {
                ["suggestedWindow"] = new JsonObject { ["start"] = Window.Start.ToString("O"), ["end"] = Window.End.ToString("O") },
                ["explanationURL"] = Url("why"),
            }).ConfigureAwait(false);
            return;
        }

        if (request.HttpMethod != "POST")
        {
            await WriteAsync(response, 404, "text/plain", "not here").ConfigureAwait(false);
            return;
        }

        posts.AddOrUpdate(path, 1, (_, count) => count + 1);
        UserAgent = request.UserAgent;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var jws = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))!.AsObject();
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(jws["protected"]!.GetValue<string>()))!.AsObject();
        var payloadText = jws["payload"]!.GetValue<string>();
        var payload = payloadText.Length == 0 ? null : JsonNode.Parse(Base64Url.DecodeFromChars(payloadText))?.AsObject();

        // RFC 8555 §6.5: a nonce this server never issued, or one already used, is refused.
        var nonce = header["nonce"]?.GetValue<string>() ?? string.Empty;
        var good = nonces.TryRemove(nonce, out _);
        if (!good || Interlocked.Decrement(ref noncesToRefuse) >= 0)
        {
            await ProblemAsync(response, 400, AcmeErrorTypes.BadNonce, $"nonce {nonce} is not good here").ConfigureAwait(false);
            return;
        }

        switch (path)
        {
            case "/account":
                response.Headers["Location"] = Url("account/1");
                await WriteJsonAsync(response, 200, new JsonObject { ["status"] = "valid" }).ConfigureAwait(false);
                return;
            case "/order":
                await NewOrderAsync(response, payload!).ConfigureAwait(false);
                return;
            case "/order/1":
                await WriteJsonAsync(response, 200, Order()).ConfigureAwait(false);
                return;
            case "/authz/1":
                await WriteJsonAsync(response, 200, new JsonObject
                {
                    ["status"] = "pending",
                    ["identifier"] = new JsonObject { ["type"] = "dns", ["value"] = "r.example.test" },
                    ["challenges"] = new JsonArray(new JsonObject { ["type"] = "dns-01", ["url"] = Url("chall/1"), ["status"] = "pending", ["token"] = "tok3n" }),
                }).ConfigureAwait(false);
                return;
            default:
                await ProblemAsync(response, 404, AcmeErrorTypes.Prefix + "malformed", $"no resource at {path}").ConfigureAwait(false);
                return;
        }
    }

    private async Task NewOrderAsync(HttpListenerResponse response, JsonObject payload)
    {
        orders.Enqueue(payload);
        var wait = RateLimitedUntil - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            response.Headers["Retry-After"] = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ProblemAsync(response, 429, AcmeErrorTypes.RateLimited, "too many new orders for r.example.test").ConfigureAwait(false);
            return;
        }

        if (payload["replaces"]?.GetValue<string>() is { } replaces && AlreadyReplaced.ContainsKey(replaces))
        {
            await ProblemAsync(response, 409, AcmeErrorTypes.AlreadyReplaced, $"{replaces} was replaced already").ConfigureAwait(false);
            return;
        }

        response.Headers["Location"] = Url("order/1");
        var order = Order();
        if (payload["replaces"] is { } replaced)
        {
            order["replaces"] = replaced.DeepClone();
        }

        await WriteJsonAsync(response, 201, order).ConfigureAwait(false);
    }

    private JsonObject Order() => new()
    {
        ["status"] = "pending",
        ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = "r.example.test" }),
        ["authorizations"] = new JsonArray(Url("authz/1")),
        ["finalize"] = Url("order/1/finalize"),
    };

    private string NewNonce()
    {
        var nonce = $"stub{Interlocked.Increment(ref nonceCounter).ToString(CultureInfo.InvariantCulture)}";
        nonces[nonce] = true;
        return nonce;
    }

    private string Url(string relative) => new Uri(BaseUrl, relative).AbsoluteUri;

    private static Task ProblemAsync(HttpListenerResponse response, int status, string type, string detail) =>
        WriteAsync(response, status, "application/problem+json", new JsonObject { ["type"] = type, ["detail"] = detail, ["status"] = status }.ToJsonString());

    private static Task WriteJsonAsync(HttpListenerResponse response, int status, JsonObject body) =>
        WriteAsync(response, status, "application/json", body.ToJsonString());

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }
}
