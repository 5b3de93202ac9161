namespace WildDns.Acme.Dns01;

/// <summary>
/// One TXT record the caller must publish before answering: at <see cref="RecordName"/> the value <see cref="TxtValue"/>. A
/// wildcard and its base name (<c>*.x.example.test</c>, <c>x.example.test</c>) give two values at the same name; both must be
/// served at once.
/// </summary>
public sealed record Dns01Challenge
{
    /// <summary>The name as the order asked for it, wildcard included, e.g. <c>*.x.example.test</c>.</summary>
    public required string Identifier { get; init; }

    /// <summary>e.g. <c>_acme-challenge.x.example.test</c>, without a trailing dot.</summary>
    public required string RecordName { get; init; }

    /// <summary>base64url(SHA-256(key authorization)), 43 characters.</summary>
    public required string TxtValue { get; init; }

    /// <summary>token "." account thumbprint (RFC 8555 §8.1).</summary>
    public required string KeyAuthorization { get; init; }

    public required Uri ChallengeUrl { get; init; }

    public required Uri AuthorizationUrl { get; init; }
}
