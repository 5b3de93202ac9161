using Grpc.Core;
using Grpc.Net.Client;
using WildDns.Control.V1;

namespace WildDns.Client;

/// <summary>
/// A typed client of the WildDns control plane (<c>wilddns.control.v1.ChallengeService</c>). Thread-safe; dispose it to
/// close the connection it opened. Failures surface as <see cref="RpcException"/> whose status says what was wrong:
/// <see cref="StatusCode.InvalidArgument"/> (bad name or value), <see cref="StatusCode.PermissionDenied"/> (the zone apex),
/// <see cref="StatusCode.Unauthenticated"/> (token), <see cref="StatusCode.Unavailable"/> (no server, or replicas' shared
/// store unreachable: nothing changed), <see cref="StatusCode.DeadlineExceeded"/> (stored, but the replicas named in the
/// message did not serve it in time).
/// </summary>
/// <example>
/// <code>
/// using var client = new ChallengeClient(new Uri("http://127.0.0.1:5380"), token);
/// await client.PublishAsync("_acme-challenge.abc.cert.example.com", digest);
/// </code>
/// </example>
public sealed class ChallengeClient : IDisposable
{
    private readonly GrpcChannel? ownedChannel;
    private readonly ChallengeService.ChallengeServiceClient client;
    private readonly Metadata headers = [];

    /// <summary>
    /// Connects to <paramref name="server"/> (<c>http://</c> for cleartext HTTP/2, <c>https://</c> for TLS) with a bearer token;
    /// a null or empty token sends none (for client certificates, given through <paramref name="channelOptions"/>' HTTP handler).
    /// </summary>
    public ChallengeClient(Uri server, string? token, GrpcChannelOptions? channelOptions = null)
        : this(GrpcChannel.ForAddress(server, channelOptions ?? new GrpcChannelOptions()), token, owned: true)
    {
    }

    /// <summary>Uses a channel that the caller built and disposes; the token as above.</summary>
    public ChallengeClient(GrpcChannel channel, string? token)
        : this(channel, token, owned: false)
    {
    }

    private ChallengeClient(GrpcChannel channel, string? token, bool owned)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ownedChannel = owned ? channel : null;
        client = new ChallengeService.ChallengeServiceClient(channel);
        if (!string.IsNullOrEmpty(token))
        {
            headers.Add("authorization", $"Bearer {token}");
        }
    }

    /// <summary>Publishes <paramref name="value"/> at <paramref name="name"/>; once this returns, DNS answers it (every live replica).</summary>
    public async Task<PublishReceipt> PublishAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var response = await client.PublishAsync(new PublishRequest { Name = name, Value = value }, headers, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new(response.ExpiresAt.ToDateTimeOffset(), response.Refreshed);
    }

    /// <summary>Removes one value; false when it was not published (or had expired).</summary>
    public async Task<bool> RemoveAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var response = await client.RemoveAsync(new RemoveRequest { Name = name, Value = value }, headers, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Removed;
    }

    /// <summary>Removes every value at a name; returns how many there were.</summary>
    public async Task<int> RemoveAllAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await client.RemoveAllAsync(new RemoveAllRequest { Name = name }, headers, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Removed;
    }

    /// <summary>The live values: all of them, or those at and below <paramref name="scope"/> (e.g. <c>abc.cert.example.com</c>).</summary>
    public async Task<IReadOnlyList<ChallengeEntry>> ListAsync(string? scope = null, CancellationToken cancellationToken = default)
    {
        var response = await client.ListAsync(new ListRequest { Scope = scope ?? string.Empty }, headers, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return [.. response.Challenges.Select(challenge => new ChallengeEntry(challenge.Name, challenge.Value, challenge.ExpiresAt.ToDateTimeOffset()))];
    }

    public void Dispose() => ownedChannel?.Dispose();
}
