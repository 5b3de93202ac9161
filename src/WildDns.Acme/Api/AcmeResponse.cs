using System.Net;
using System.Text.Json;

namespace WildDns.Acme.Api;

/// <summary>A successful ACME response, read to its end: status, body and the headers ACME gives meaning to.</summary>
public sealed record AcmeResponse
{
    public required HttpStatusCode Status { get; init; }

    public required byte[] Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>The Location header: the URL of a created account or order.</summary>
    public Uri? Location { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Every Link header value, for <see cref="LinkHeader.Find"/>.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The JSON body as <typeparamref name="T"/>; an <see cref="AcmeException"/> naming the URL when it is not that.</summary>
    public T Read<T>(Uri url)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body)
                ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException exception)
        {
            throw new AcmeException(
                AcmeProblem.FromStatus((int)Status, $"the ACME server's answer from {url} is not a {typeof(T).Name}: {exception.Message}"), null, exception);
        }
    }
}
