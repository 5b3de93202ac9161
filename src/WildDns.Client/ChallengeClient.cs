using System.Net;
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
/// A token is never sent in clear text beyond loopback: <c>http://</c> with a token is refused unless the server is on this machine.
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
    /// Throws <see cref="ArgumentException"/> for a token over <c>http://</c> to an address that is not loopback.
    /// </summary>
    public ChallengeClient(Uri server, string? token, GrpcChannelOptions? channelOptions = null)
        : this(GrpcChannel.ForAddress(CheckTransport(server, token), channelOptions ?? new GrpcChannelOptions()), token, owned: true)
    {
    }

    /// <summary>Connects with TLS files (CA, client certificate and key); <paramref name="server"/> is normally <c>https://</c>.</summary>
    public ChallengeClient(Uri server, string? token, ControlPlaneTls tls)
        : this(server, token, new GrpcChannelOptions { HttpHandler = (tls ?? throw new ArgumentNullException(nameof(tls))).CreateHandler(), DisposeHttpClient = true })
    {
    }

    /// <summary>
    /// Uses a channel that the caller built and disposes. The channel's scheme cannot be seen from here, so a token is taken
    /// only for a loopback target; for another server use a constructor that takes the address.
    /// </summary>
    public ChallengeClient(GrpcChannel channel, string? token)
        : this(channel, CheckLoopbackTarget(channel, token), owned: false)
    {
    }

    /// <summary>True for addresses only this machine can reach: loopback IPs and <c>localhost</c>.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
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

    private static Uri CheckTransport(Uri server, string? token)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!string.IsNullOrEmpty(token) && server.Scheme == Uri.UriSchemeHttp && !IsLoopback(server.Host))
        {
            throw new ArgumentException(
                $"refusing to send the control-plane token in clear text to {server.Authority}: use https:// (the server needs WildDns:Control:Certificate), "
                + "or reach it on loopback (an SSH tunnel, say).",
                nameof(server));
        }

        return server;
    }

    private static string? CheckLoopbackTarget(GrpcChannel channel, string? token)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrEmpty(token))
        {
            return token;
        }

        var host = Uri.TryCreate("tcp://" + channel.Target, UriKind.Absolute, out var target) ? target.Host : channel.Target;
        return IsLoopback(host)
            ? token
            : throw new ArgumentException($"a token goes only to a loopback target over a caller's channel; {channel.Target} is not. Use the constructor that takes the server's address.", nameof(token));
    }
}
