using WildDns.Core.Codec;

namespace WildDns.Core.Networks;

/// <summary>The networks whose addresses a zone will synthesize records for; everything else gets no address.</summary>
public sealed class AllowedNetworks
{
    /// <summary>
    /// SPEC §3: RFC 1918, loopback, link-local, CGNAT (RFC 6598), IPv6 ULA (RFC 4193), IPv6 loopback and link-local.
    /// Public addresses are left out so that the zone cannot be used to point trusted names at the Internet.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultNetworks =
    [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        "fc00::/7", "fe80::/10", "::1/128",
    ];

    private readonly NetworkPrefix[] prefixes;

    public AllowedNetworks(IEnumerable<NetworkPrefix> prefixes) => this.prefixes = [.. prefixes];

    public static AllowedNetworks Default { get; } = Parse(DefaultNetworks);

    public IReadOnlyList<NetworkPrefix> Prefixes => prefixes;

    /// <summary>Parses CIDR strings; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static AllowedNetworks Parse(IEnumerable<string> networks) => new(networks.Select(NetworkPrefix.Parse));

    public bool Contains(DecodedAddress address)
    {
        foreach (var prefix in prefixes)
        {
            if (prefix.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
