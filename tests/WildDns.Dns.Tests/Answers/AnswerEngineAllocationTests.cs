using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>Issue 3: the answer path allocates nothing per query, so a flood of queries does not become a flood of garbage.</summary>
public sealed class AnswerEngineAllocationTests
{
    private readonly AnswerEngine engine = new(ShippedZones.Load(), new AnswerOptions(), new PublishedChallenges());

    [Theory]
    [InlineData("IPv4 A", "192-168-2-1.cald5f5f7ba45.cert.example.com", 1)]
    [InlineData("IPv6 AAAA", "fd00--1.cald5f5f7ba45.cert.example.com", 28)]
    [InlineData("alias CNAME", "pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com", 1)]
    [InlineData("NODATA", "192-168-2-1.cald5f5f7ba45.cert.example.com", 16)]
    [InlineData("empty non-terminal", "cald5f5f7ba45.cert.example.com", 1)]
    [InlineData("NXDOMAIN", "www.cald5f5f7ba45.client-abc.cert.example.com", 1)]
    [InlineData("static NS with glue", "cert.example.com", 2)]
    [InlineData("challenge TXT", PublishedChallenges.TableName, 16)]
    [InlineData("REFUSED", "www.example.org", 1)]
    public void Answer_AllocatesNothing(string scenario, string name, ushort type)
    {
        var query = new QueryBuilder(name, type) { Edns = new EdnsSettings() }.Build();
        var response = new byte[AnswerEngine.ResponseBufferSize];
        foreach (var overTcp in new[] { false, true })
        {
            engine.Answer(query, response, overTcp).Length.Should().BeGreaterThan(0, scenario);
        }

        var calls = 0;
        SteadyAllocation.BytesPerRound(() => engine.Answer(query, response, overTcp: (++calls & 1) == 0)).Should().Be(0, scenario);
    }
}
