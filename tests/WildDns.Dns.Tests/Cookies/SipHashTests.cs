using FluentAssertions;
using WildDns.Dns.Cookies;
using Xunit;

namespace WildDns.Dns.Tests.Cookies;

/// <summary>The reference vectors of the SipHash paper (Appendix A, vectors.h): key 00..0f, message 00..(n-1).</summary>
public sealed class SipHashTests
{
    [Theory]
    [InlineData("empty message", 0, 0x726fdb47dd0e0e31UL)]
    [InlineData("one byte: the last block holds it and the length", 1, 0x74f839c593dc67fdUL)]
    [InlineData("fifteen bytes: one whole block and seven left over", 15, 0xa129ca6149be45e5UL)]
    public void Compute_MatchesTheReferenceVectors(string scenario, int length, ulong expected)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        SipHash.Compute(key, message).Should().Be(expected, scenario);
    }

    [Fact]
    public void Compute_RefusesAKeyOfAnotherLength()
    {
        var act = () => SipHash.Compute(new byte[15], []);

        act.Should().Throw<ArgumentException>();
    }
}
