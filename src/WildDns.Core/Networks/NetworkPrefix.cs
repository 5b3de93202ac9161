using System.Net;
using System.Net.Sockets;
using WildDns.Core.Codec;

namespace WildDns.Core.Networks;

/// <summary>One network in CIDR notation, such as <c>192.168.0.0/16</c> or <c>fc00::/7</c>.</summary>
public readonly record struct NetworkPrefix(DecodedAddress Network, int PrefixLength)
{
    public bool Contains(DecodedAddress address)
    {
        if (address.IsIPv6 != Network.IsIPv6)
        {
            return false;
        }

        var width = Network.IsIPv6 ? 128 : 32;
        if (PrefixLength == 0)
        {
            return true;
        }

        var shift = width - PrefixLength;
        return (address.Value >> shift) == (Network.Value >> shift);
    }

    /// <summary>
    /// Parses <c>address/length</c>, such as <c>10.0.0.0/8</c> or <c>fc00::/7</c>; throws <see cref="FormatException"/> with
    /// the reason otherwise. IPv4 takes only four decimal octets without leading zeros; host bits must be zero.
    /// </summary>
    public static NetworkPrefix Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
        {
            throw new FormatException($"'{text}' is not a network in CIDR notation such as 10.0.0.0/8 or fc00::/7.");
        }

        var address4 = address.AddressFamily == AddressFamily.InterNetwork;

        // IPAddress.TryParse takes inet_aton forms, so "010.0.0.0" would quietly allow 8.0.0.0/8 and "10.0" would
        // mean 10.0.0.0. Only the form the payload codec itself accepts (SPEC §2: four decimal octets, no leading
        // zeros) is taken, which is the form IPAddress writes back.
        if (address4 && !text.AsSpan(0, slash).SequenceEqual(address.ToString()))
        {
            throw new FormatException($"'{text}' does not write its IPv4 network as four decimal octets without leading zeros, such as 10.0.0.0/8.");
        }

        if (!address4 && text.AsSpan(0, slash).Contains('%'))
        {
            throw new FormatException($"'{text}' carries a zone index, which a network of allowed addresses cannot hold.");
        }

        var width = address4 ? 32 : 128;
        if (length > width)
        {
            throw new FormatException($"'{text}' has a prefix length over {width}.");
        }

        var network = DecodedAddress.FromIPAddress(address);
        var hostBits = width - length;
        var mask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        if ((network.Value & mask) != 0)
        {
            throw new FormatException($"'{text}' has host bits set; the network is {Normalise(network, length)}.");
        }

        return new NetworkPrefix(network, length);
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static string Normalise(DecodedAddress network, int length)
    {
        var width = network.IsIPv6 ? 128 : 32;
        var hostBits = width - length;
        var mask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return new NetworkPrefix(network with { Value = network.Value & ~mask & (network.IsIPv6 ? UInt128.MaxValue : uint.MaxValue) }, length).ToString();
    }
}
