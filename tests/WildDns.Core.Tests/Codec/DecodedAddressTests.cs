using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using Xunit;

namespace WildDns.Core.Tests.Codec;

public sealed class DecodedAddressTests
{
    [Theory]
    [InlineData("IPv4", "192.168.2.1", new byte[] { 192, 168, 2, 1 })]
    [InlineData("IPv6", "fd00::1", new byte[] { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    public void WriteBytes_WritesNetworkOrderRdata(string scenario, string address, byte[] expected)
    {
        var decoded = DecodedAddress.FromIPAddress(IPAddress.Parse(address));
        Span<byte> rdata = stackalloc byte[16];

        var written = decoded.WriteBytes(rdata);

        written.Should().Be(decoded.Length);
        rdata[..written].ToArray().Should().Equal(expected);
        decoded.ToString().Should().Be(address);
    }

    [Fact]
    public void FromIPv4_IsNotEqualToTheMappedIPv6Address()
    {
        var v4 = DecodedAddress.FromIPAddress(IPAddress.Parse("192.168.2.1"));
        var mapped = DecodedAddress.FromIPAddress(IPAddress.Parse("::ffff:192.168.2.1"));

        v4.Should().NotBe(mapped);
        v4.Length.Should().Be(4);
        mapped.Length.Should().Be(16);
    }
}
