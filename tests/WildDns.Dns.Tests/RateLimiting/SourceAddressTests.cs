using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Dns.RateLimiting;
using Xunit;

namespace WildDns.Dns.Tests.RateLimiting;

/// <summary>The sender's address from the socket address recvmmsg fills in, including the empty one a shutdown leaves.</summary>
public sealed class SourceAddressTests
{
    [Theory]
    [InlineData("sockaddr_in 192.0.2.7", "02-00-00-35-C0-00-02-07-00-00-00-00-00-00-00-00", "192.0.2.7")]
    [InlineData("sockaddr_in6 2001:db8::1", "0A-00-00-35-00-00-00-00-20-01-0D-B8-00-00-00-00-00-00-00-00-00-00-00-01-00-00-00-00", "2001:db8::1")]
    [InlineData("sockaddr_in6 of an IPv4-mapped sender", "0A-00-00-35-00-00-00-00-00-00-00-00-00-00-00-00-00-00-FF-FF-C0-00-02-07-00-00-00-00", "192.0.2.7")]
    [InlineData("no address at all (an empty read after shutdown)", "", "0.0.0.0")]
    [InlineData("a family cut short", "0A-00-00-35-00-00-00-00-20-01", "0.0.0.0")]
    [InlineData("another family", "01-00-2F-74-6D-70-00-00", "0.0.0.0")]
    public void FromLinux_ReadsTheAddressOrNothing(string scenario, string bytes, string expected)
    {
        var sockaddr = bytes.Length == 0 ? [] : Convert.FromHexString(bytes.Replace("-", "", StringComparison.Ordinal));

        SourceAddress.FromLinux(sockaddr).Should().Be(Address(expected), scenario);
    }

    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("2001:db8::1")]
    public void From_ReadsADotNetSocketAddress(string address) =>
        SourceAddress.From(new IPEndPoint(IPAddress.Parse(address), 53).Serialize()).Should().Be(Address(address));

    private static DecodedAddress Address(string text) =>
        text == "0.0.0.0" ? default : DecodedAddress.FromIPAddress(IPAddress.Parse(text));
}
