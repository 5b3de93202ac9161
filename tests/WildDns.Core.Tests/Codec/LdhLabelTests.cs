using FluentAssertions;
using WildDns.Core.Codec;
using Xunit;

namespace WildDns.Core.Tests.Codec;

public sealed class LdhLabelTests
{
    [Theory]
    [InlineData("single letter", "a", true)]
    [InlineData("letters digits hyphen", "client-01", true)]
    [InlineData("upper case", "ABC", true)]
    [InlineData("inner double hyphen", "xn--mnchen-3ya", true)]
    [InlineData("63 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true)]
    [InlineData("empty", "", false)]
    [InlineData("64 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("leading hyphen", "-abc", false)]
    [InlineData("trailing hyphen", "abc-", false)]
    [InlineData("underscore", "_acme-challenge", false)]
    [InlineData("dot", "a.b", false)]
    [InlineData("space", "a b", false)]
    [InlineData("non-ASCII", "é", false)]
    public void IsValid_FollowsTheLdhRule(string scenario, string label, bool expected) =>
        LdhLabel.IsValid(label).Should().Be(expected);
}
