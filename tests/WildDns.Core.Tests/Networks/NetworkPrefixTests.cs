using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Core.Networks;
using Xunit;

namespace WildDns.Core.Tests.Networks;

public sealed class NetworkPrefixTests
{
    [Theory]
    [InlineData("IPv4 /8", "10.0.0.0/8", "10.0.0.0", 8)]
    [InlineData("IPv4 host", "192.168.2.1/32", "192.168.2.1", 32)]
    [InlineData("IPv4 everything", "0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("IPv6 /7", "fc00::/7", "fc00::", 7)]
    [InlineData("IPv6 host", "::1/128", "::1", 128)]
    [InlineData("IPv6 everything", "::/0", "::", 0)]
    [InlineData("IPv6 upper case", "FC00::/7", "fc00::", 7)]
    [InlineData("IPv6 with embedded IPv4", "::ffff:10.0.0.0/104", "::ffff:10.0.0.0", 104)]
    public void Parse_Cidr_GivesNetworkAndLength(string scenario, string text, string network, int length)
    {
        var prefix = NetworkPrefix.Parse(text);

        prefix.Network.Should().Be(DecodedAddress.FromIPAddress(IPAddress.Parse(network)));
        prefix.PrefixLength.Should().Be(length);
        prefix.ToString().Should().Be($"{network}/{length}");
    }

    [Theory]
    [InlineData("no slash", "10.0.0.0", "*not a network in CIDR notation*")]
    [InlineData("empty length", "10.0.0.0/", "*not a network in CIDR notation*")]
    [InlineData("negative length", "10.0.0.0/-1", "*not a network in CIDR notation*")]
    [InlineData("length with a sign", "10.0.0.0/+8", "*not a network in CIDR notation*")]
    [InlineData("length not a number", "10.0.0.0/x", "*not a network in CIDR notation*")]
    [InlineData("not an address", "example.com/8", "*not a network in CIDR notation*")]
    [InlineData("empty", "", "*not a network in CIDR notation*")]
    [InlineData("IPv4 length over 32", "10.0.0.0/33", "*prefix length over 32*")]
    [InlineData("IPv6 length over 128", "fc00::/129", "*prefix length over 128*")]
    [InlineData("IPv4 host bits set", "10.0.0.1/8", "*host bits set; the network is 10.0.0.0/8*")]
    [InlineData("IPv6 host bits set", "fd00::1/7", "*host bits set; the network is fc00::/7*")]
    [InlineData("IPv4 leading zero would read as octal 8.0.0.0", "010.0.0.0/8", "*four decimal octets*")]
    [InlineData("IPv4 padded octet would read as octal 192.168.8.0", "192.168.010.0/24", "*four decimal octets*")]
    [InlineData("IPv4 hex octet", "0x0a.0.0.0/8", "*four decimal octets*")]
    [InlineData("IPv4 shorthand of two parts", "172.16/12", "*four decimal octets*")]
    [InlineData("IPv4 shorthand that happens to be a network", "10.0/16", "*four decimal octets*")]
    [InlineData("IPv4 single number", "10/8", "*four decimal octets*")]
    [InlineData("IPv6 zone index", "fe80::%eth0/10", "*zone index*")]
    public void Parse_BadText_ThrowsFormatExceptionSayingWhy(string scenario, string text, string message)
    {
        var act = () => NetworkPrefix.Parse(text);

        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Theory]
    [InlineData("inside IPv4", "192.168.0.0/16", "192.168.2.1", true)]
    [InlineData("outside IPv4", "192.168.0.0/16", "192.169.0.1", false)]
    [InlineData("IPv4 /32 itself", "192.168.2.1/32", "192.168.2.1", true)]
    [InlineData("IPv4 /32 neighbour", "192.168.2.1/32", "192.168.2.2", false)]
    [InlineData("IPv4 /0 holds every IPv4 address", "0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("IPv4 /0 holds no IPv6 address", "0.0.0.0/0", "::1", false)]
    [InlineData("IPv6 /0 holds no IPv4 address", "::/0", "10.0.0.1", false)]
    [InlineData("inside IPv6", "fe80::/10", "febf::1", true)]
    [InlineData("outside IPv6", "fe80::/10", "fec0::1", false)]
    [InlineData("IPv6 /128 itself", "::1/128", "::1", true)]
    [InlineData("IPv4 network does not hold the mapped address", "192.168.0.0/16", "::ffff:192.168.2.1", false)]
    public void Contains_ChecksFamilyAndPrefix(string scenario, string network, string address, bool expected) =>
        NetworkPrefix.Parse(network).Contains(DecodedAddress.FromIPAddress(IPAddress.Parse(address))).Should().Be(expected);
}
