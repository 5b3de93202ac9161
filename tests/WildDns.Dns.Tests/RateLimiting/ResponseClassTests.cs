using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Dns.Answers;
using WildDns.Dns.RateLimiting;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.RateLimiting;

/// <summary>Which responses share a bucket: the same answer to one network does, NXDOMAIN per zone and errors per network.</summary>
public sealed class ResponseClassTests
{
    private const string Address = "192-168-2-1.cald5f5f7ba45.cert.example.com";

    private static readonly AnswerEngine Engine = new(ShippedZones.Load(), new AnswerOptions(), new PublishedChallenges());

    public static TheoryData<string, string, ushort, string, string, ushort, string, bool> Pairs => new()
    {
        { "the same answer to the same address", Address, 1, "192.0.2.1", Address, 1, "192.0.2.1", true },
        { "the same answer to another address of the /24", Address, 1, "192.0.2.1", Address, 1, "192.0.2.200", true },
        { "the same answer to another /24", Address, 1, "192.0.2.1", Address, 1, "192.0.3.1", false },
        { "the same answer asked in another letter case (0x20)", Address, 1, "192.0.2.1", "192-168-2-1.CALD5F5F7BA45.cert.example.COM", 1, "192.0.2.1", true },
        { "another name", Address, 1, "192.0.2.1", "192-168-2-2.cald5f5f7ba45.cert.example.com", 1, "192.0.2.1", false },
        { "another type at the same name (answer and NODATA)", Address, 1, "192.0.2.1", Address, 28, "192.0.2.1", false },
        { "NODATA for two types at one name", Address, 28, "192.0.2.1", Address, 16, "192.0.2.1", false },
        { "NXDOMAIN for two names of one zone", "www.cald5f5f7ba45.client-abc.cert.example.com", 1, "192.0.2.1", "x.y.z.w.cert.example.com", 28, "192.0.2.1", true },
        { "NXDOMAIN for one zone's names to two networks", "www.cald5f5f7ba45.client-abc.cert.example.com", 1, "192.0.2.1", "x.y.z.w.cert.example.com", 1, "198.51.100.1", false },
        { "REFUSED for two other domains", "www.example.org", 1, "192.0.2.1", "example.net", 255, "192.0.2.1", true },
        { "REFUSED and NXDOMAIN", "www.example.org", 1, "192.0.2.1", "x.y.z.w.cert.example.com", 1, "192.0.2.1", false },
        { "the same answer to one IPv6 /56", Address, 1, "2001:db8:0:1::1", Address, 1, "2001:db8:0:ff::2", true },
        { "the same answer to two IPv6 /56", Address, 1, "2001:db8:0:1::1", Address, 1, "2001:db8:0:100::1", false },
        { "the same answer to an IPv4 address and the IPv6 address of the same value", Address, 1, "0.0.0.1", Address, 1, "::1", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Key_GroupsResponsesAsBindAndKnotDo(string scenario, string name1, ushort type1, string source1, string name2, ushort type2, string source2, bool same)
    {
        var first = Key(name1, type1, source1);
        var second = Key(name2, type2, source2);

        (first == second).Should().Be(same, scenario);
    }

    [Theory]
    [InlineData("IPv4 /24", "192.0.2.77", 24, 56, "192.0.2.0")]
    [InlineData("IPv4 /32", "192.0.2.77", 32, 56, "192.0.2.77")]
    [InlineData("IPv4 /0", "192.0.2.77", 0, 56, "0.0.0.0")]
    [InlineData("IPv6 /56", "2001:db8:1:2ff:1::1", 24, 56, "2001:db8:1:200::")]
    [InlineData("IPv6 /128", "2001:db8::1", 24, 128, "2001:db8::1")]
    [InlineData("IPv6 /0", "2001:db8::1", 24, 0, "::")]
    public void Network_ClearsTheHostBits(string scenario, string source, int ipv4, int ipv6, string expected) =>
        ResponseClass.Network(Parse(source), ipv4, ipv6).Should().Be(Parse(expected), scenario);

    private static uint Key(string name, ushort type, string source)
    {
        var query = new QueryBuilder(name, type).Build();
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var length = Engine.Answer(query, response, overTcp: false).Length;
        return ResponseClass.Key(response.AsSpan(0, length), ResponseClass.Network(Parse(source), 24, 56));
    }

    private static DecodedAddress Parse(string text) => DecodedAddress.FromIPAddress(IPAddress.Parse(text));
}
