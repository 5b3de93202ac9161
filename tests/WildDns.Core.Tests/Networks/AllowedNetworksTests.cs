using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Core.Networks;
using Xunit;

namespace WildDns.Core.Tests.Networks;

public sealed class AllowedNetworksTests
{
    [Theory]
    [InlineData("RFC 1918 10/8", "10.0.0.1", true)]
    [InlineData("RFC 1918 10/8 last", "10.255.255.255", true)]
    [InlineData("RFC 1918 172.16/12", "172.16.0.1", true)]
    [InlineData("RFC 1918 172.16/12 last", "172.31.255.255", true)]
    [InlineData("RFC 1918 192.168/16", "192.168.2.1", true)]
    [InlineData("loopback", "127.0.0.1", true)]
    [InlineData("link-local", "169.254.1.1", true)]
    [InlineData("CGNAT 100.64/10", "100.64.0.1", true)]
    [InlineData("CGNAT 100.64/10 last", "100.127.255.255", true)]
    [InlineData("IPv6 ULA fc00::/7 (fc)", "fc00::1", true)]
    [InlineData("IPv6 ULA fc00::/7 (fd)", "fd00::1", true)]
    [InlineData("IPv6 link-local fe80::/10", "fe80::1", true)]
    [InlineData("IPv6 link-local fe80::/10 last", "febf:ffff::1", true)]
    [InlineData("IPv6 loopback", "::1", true)]
    [InlineData("public IPv4", "8.8.8.8", false)]
    [InlineData("just below 172.16/12", "172.15.255.255", false)]
    [InlineData("just above 172.16/12", "172.32.0.0", false)]
    [InlineData("just above CGNAT", "100.128.0.0", false)]
    [InlineData("unspecified IPv4", "0.0.0.0", false)]
    [InlineData("public IPv6", "2001:4860:4860::8888", false)]
    [InlineData("IPv6 documentation prefix", "2001:db8::1", false)]
    [InlineData("IPv6 site-local fec0::/10 is not link-local", "fec0::1", false)]
    [InlineData("IPv6 unspecified", "::", false)]
    [InlineData("IPv4-mapped private address is IPv6, not IPv4", "::ffff:192.168.2.1", false)]
    public void Default_HoldsThePrivateNetworksOnly(string scenario, string address, bool expected) =>
        AllowedNetworks.Default.Contains(DecodedAddress.FromIPAddress(IPAddress.Parse(address))).Should().Be(expected);

    [Fact]
    public void Parse_Networks_ContainsTheirAddressesOnly()
    {
        var networks = AllowedNetworks.Parse(["203.0.113.0/24", "2001:db8::/32"]);

        networks.Prefixes.Should().HaveCount(2);
        networks.Contains(DecodedAddress.FromIPAddress(IPAddress.Parse("203.0.113.7"))).Should().BeTrue();
        networks.Contains(DecodedAddress.FromIPAddress(IPAddress.Parse("2001:db8::1"))).Should().BeTrue();
        networks.Contains(DecodedAddress.FromIPAddress(IPAddress.Parse("192.168.2.1"))).Should().BeFalse();
    }

    [Fact]
    public void Empty_ContainsNothing() =>
        new AllowedNetworks([]).Contains(DecodedAddress.FromIPAddress(IPAddress.Loopback)).Should().BeFalse();

    [Fact]
    public void Parse_BadEntry_NamesIt()
    {
        var act = () => AllowedNetworks.Parse(["10.0.0.0/8", "10.0.0.0/40"]);

        act.Should().Throw<FormatException>().WithMessage("*10.0.0.0/40*");
    }
}
