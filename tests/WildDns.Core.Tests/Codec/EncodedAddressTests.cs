using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using Xunit;

namespace WildDns.Core.Tests.Codec;

public sealed class EncodedAddressTests
{
    [Theory]
    [InlineData("IPv4 private", "192-168-2-1", "192.168.2.1")]
    [InlineData("IPv4 zeros", "0-0-0-0", "0.0.0.0")]
    [InlineData("IPv4 all ones", "255-255-255-255", "255.255.255.255")]
    [InlineData("IPv4 single-digit octets", "10-0-0-1", "10.0.0.1")]
    [InlineData("IPv6 compressed middle", "fd00--1", "fd00::1")]
    [InlineData("IPv6 loopback written with a leading zero", "0--1", "::1")]
    [InlineData("IPv6 unspecified", "0--0", "::")]
    [InlineData("IPv6 trailing compression written with a zero", "fd00--0", "fd00::")]
    [InlineData("IPv6 full 8-group form", "2001-db8-0-0-0-0-0-1", "2001:db8::1")]
    [InlineData("IPv6 full form with leading zeros in groups", "fd00-0000-0000-0000-0000-0000-0000-0001", "fd00::1")]
    [InlineData("IPv6 upper-case hex", "FD00--AB", "fd00::ab")]
    [InlineData("IPv6 mixed-case hex", "Fe80--Dead-bEEf", "fe80::dead:beef")]
    [InlineData("IPv6 compression standing for one group", "1-2-3--5-6-7-8", "1:2:3::5:6:7:8")]
    [InlineData("IPv6 all ones", "ffff-ffff-ffff-ffff-ffff-ffff-ffff-ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("IPv6 eight decimal-looking groups", "1-2-3-4-5-6-7-8", "1:2:3:4:5:6:7:8")]
    [InlineData("an IPv4 label with an empty octet reads as IPv6", "192-168--1", "192:168::1")]
    public void TryDecode_EncodedAddress_GivesTheAddress(string scenario, string label, string expected)
    {
        EncodedAddress.TryDecode(label, out var address).Should().BeTrue();

        var ip = IPAddress.Parse(expected);
        address.Should().Be(DecodedAddress.FromIPAddress(ip));
        address.IsIPv6.Should().Be(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
        address.ToIPAddress().Should().Be(ip);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("leading zero in an octet", "192-168-02-1")]
    [InlineData("leading zero in the first octet", "01-2-3-4")]
    [InlineData("octet over 255", "192-168-2-256")]
    [InlineData("octet of four digits", "192-168-2-1000")]
    [InlineData("three octets", "192-168-2")]
    [InlineData("five octets", "192-168-2-1-5")]
    [InlineData("leading dash", "-192-168-2-1")]
    [InlineData("trailing dash", "192-168-2-1-")]
    [InlineData("dots instead of dashes", "192.168.2.1")]
    [InlineData("triple dash, i.e. ':::'", "fd00---1")]
    [InlineData("two compressions", "1--2--3")]
    [InlineData("IPv6 leading '::' without the zero", "--1")]
    [InlineData("IPv6 trailing '::' without the zero", "fd00--")]
    [InlineData("IPv6 group of five hex digits", "fd000--1")]
    [InlineData("IPv6 non-hex digit", "fg00--1")]
    [InlineData("IPv6 seven groups without compression", "1-2-3-4-5-6-7")]
    [InlineData("IPv6 nine groups", "1-2-3-4-5-6-7-8-9")]
    [InlineData("IPv6 eight groups and a compression", "1-2-3-4--5-6-7-8")]
    [InlineData("IPv6 over 39 characters", "0000-0000-0000-0000-0000-0000-0000-00001")]
    [InlineData("unknown prefix", "xx-192-168-2-1")]
    [InlineData("type prefix is not part of the address", "ip-192-168-2-1")]
    [InlineData("host name", "pacs--hospital-abc--com")]
    [InlineData("single dash", "-")]
    [InlineData("double dash", "--")]
    public void TryDecode_NotAnAddress_ReturnsFalse(string scenario, string label)
    {
        EncodedAddress.TryDecode(label, out var address).Should().BeFalse();
        address.Should().Be(default(DecodedAddress));
    }

    [Theory]
    [InlineData("IPv4", "192.168.2.1", "192-168-2-1")]
    [InlineData("IPv4 zeros", "0.0.0.0", "0-0-0-0")]
    [InlineData("IPv6 loopback keeps a leading zero", "::1", "0--1")]
    [InlineData("IPv6 unspecified keeps zeros both sides", "::", "0--0")]
    [InlineData("IPv6 trailing run keeps a trailing zero", "fd00::", "fd00--0")]
    [InlineData("IPv6 middle run", "fd00:0:0:0:0:0:0:1", "fd00--1")]
    [InlineData("IPv6 lower-case output", "FD00::AB", "fd00--ab")]
    [InlineData("IPv6 leading zeros dropped", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001-db8--1")]
    [InlineData("IPv6 single zero group not compressed (RFC 5952 §4.2.2)", "1:0:2:3:4:5:6:7", "1-0-2-3-4-5-6-7")]
    [InlineData("IPv6 longest run compressed (RFC 5952 §4.2.3)", "1:0:0:2:0:0:0:3", "1-0-0-2--3")]
    [InlineData("IPv6 first run on a tie (RFC 5952 §4.2.3)", "1:0:0:2:3:0:0:4", "1--2-3-0-0-4")]
    [InlineData("IPv6 IPv4-mapped stays hex", "::ffff:192.168.2.1", "0--ffff-c0a8-201")]
    [InlineData("IPv6 IPv4-compatible stays hex", "::192.168.2.1", "0--c0a8-201")]
    [InlineData("IPv6 link-local", "fe80::1", "fe80--1")]
    public void Encode_Address_GivesTheCanonicalLabel(string scenario, string address, string expected)
    {
        var label = EncodedAddress.Encode(IPAddress.Parse(address));

        label.Should().Be(expected);
        LdhLabel.IsValid(label).Should().BeTrue();
        EncodedAddress.TryDecode(label, out var decoded).Should().BeTrue();
        decoded.ToIPAddress().Should().Be(IPAddress.Parse(address));
    }

    [Fact]
    public void Encode_AddressWithZoneIndex_Throws()
    {
        var act = () => EncodedAddress.Encode(IPAddress.Parse("fe80::1%3"));

        act.Should().Throw<ArgumentException>().WithMessage("*zone index*");
    }

    [Theory]
    [InlineData("IPv4 label is not IPv6", "192-168-2-1", false)]
    [InlineData("IPv6 label", "fd00--1", true)]
    public void TryDecodeIPv6_OnlyAcceptsIPv6(string scenario, string label, bool expected)
    {
        EncodedAddress.TryDecodeIPv6(label, out _).Should().Be(expected);
    }

    [Theory]
    [InlineData("IPv4 label", "192-168-2-1", true)]
    [InlineData("IPv6 label is not IPv4", "fd00--1", false)]
    [InlineData("IPv6 eight decimal groups are not IPv4", "1-2-3-4-5-6-7-8", false)]
    [InlineData("empty octet", "192-168--1", false)]
    [InlineData("leading zero", "192-168-02-1", false)]
    [InlineData("octet over 255", "192-168-2-256", false)]
    [InlineData("five octets", "192-168-2-1-5", false)]
    public void TryDecodeIPv4_OnlyAcceptsIPv4(string scenario, string label, bool expected)
    {
        EncodedAddress.TryDecodeIPv4(label, out _).Should().Be(expected);
    }
}
