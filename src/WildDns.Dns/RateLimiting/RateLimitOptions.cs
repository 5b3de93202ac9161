using WildDns.Core.Networks;

namespace WildDns.Dns.RateLimiting;

/// <summary>Response rate limiting in the manner of Knot's <c>mod-rrl</c> and BIND's <c>rate-limit</c>; see docs/configuration.md.</summary>
public sealed record RateLimitOptions
{
    /// <summary>
    /// Identical responses per second to one source prefix; 0 turns rate limiting off. A resolver caches an answer for its
    /// TTL (60 s at least here), so even a large one asks for the same answer a few times a second at most.
    /// </summary>
    public int ResponsesPerSecond { get; init; } = 20;

    /// <summary>How many responses a quiet bucket lets through at once before the rate applies.</summary>
    public int Burst { get; init; } = 40;

    /// <summary>Every Nth limited response goes out truncated (TC) instead of being dropped; 0 drops all, 1 truncates all.</summary>
    public int Slip { get; init; } = 2;

    /// <summary>IPv4 sources are counted per network of this length (a /24: a spoofer cannot spread over its neighbours' addresses).</summary>
    public int Ipv4PrefixLength { get; init; } = 24;

    /// <summary>IPv6 sources are counted per network of this length (a /56, a typical site's allocation).</summary>
    public int Ipv6PrefixLength { get; init; } = 56;

    /// <summary>Sources never limited, such as the operator's own monitoring or a known resolver farm.</summary>
    public IReadOnlyList<NetworkPrefix> Exempt { get; init; } = [];

    /// <summary>Buckets in the table (rounded up to a power of two): the memory is fixed at about 16 bytes each.</summary>
    public int TableSize { get; init; } = 65536;

    /// <summary>False when <see cref="ResponsesPerSecond"/> is 0.</summary>
    public bool IsEnabled => ResponsesPerSecond > 0;
}
