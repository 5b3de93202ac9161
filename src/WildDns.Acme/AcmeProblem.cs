using System.Text.Json;
using System.Text.Json.Serialization;
using WildDns.Acme.Resources;

namespace WildDns.Acme;

/// <summary>An RFC 7807 problem document as ACME servers send them (RFC 8555 §6.7), with its subproblems (§6.7.1).</summary>
public sealed record AcmeProblem
{
    private readonly IReadOnlyList<AcmeProblem> subproblems = [];

    /// <summary>A URI such as <c>urn:ietf:params:acme:error:rateLimited</c>; <c>about:blank</c> when the server named none.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "about:blank";

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The HTTP status the server gave (from the document, else from the response).</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("instance")]
    public string? Instance { get; init; }

    /// <summary>Set in a subproblem: the identifier it is about.</summary>
    [JsonPropertyName("identifier")]
    public AcmeIdentifier? Identifier { get; init; }

    /// <summary>Never null: a document without subproblems (or with <c>null</c>) has none.</summary>
    [JsonPropertyName("subproblems")]
    public IReadOnlyList<AcmeProblem> Subproblems { get => subproblems; init => subproblems = value ?? []; }

    /// <summary>True for <see cref="AcmeErrorTypes.RateLimited"/>: the request may be repeated after Retry-After.</summary>
    [JsonIgnore]
    public bool IsRateLimited => Type == AcmeErrorTypes.RateLimited;

    /// <summary>
    /// The problem in an error response's body, or one made from the status and the start of the body when the body is
    /// not a problem document (a proxy's HTML page, say). Never throws.
    /// </summary>
    public static AcmeProblem Parse(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            if (JsonSerializer.Deserialize<AcmeProblem>(body) is { } problem)
            {
                return problem with { Status = problem.Status ?? status };
            }
        }
        catch (JsonException)
        {
            // Not a problem document; described below from what arrived.
        }

        var text = System.Text.Encoding.UTF8.GetString(body.Length > 200 ? body[..200] : body).ReplaceLineEndings(" ").Trim();
        return FromStatus(status, text.Length == 0 ? $"HTTP {status} without a problem document" : $"HTTP {status}: {text}");
    }

    internal static AcmeProblem FromStatus(int status, string detail) => new() { Status = status, Detail = detail };

    /// <summary>One line: the type, the detail and each subproblem's identifier and detail.</summary>
    public override string ToString()
    {
        var text = $"{Type}: {Detail ?? Title ?? "(no detail)"}";
        if (Identifier is { } identifier)
        {
            text = $"{identifier.Value}: {text}";
        }

        return Subproblems.Count == 0 ? text : $"{text} [{string.Join("; ", Subproblems)}]";
    }
}
