using FluentAssertions;
using WildDns.Acme.Api;
using Xunit;

namespace WildDns.Acme.Tests.Api;

public sealed class LinkHeaderTests
{
    private static readonly Uri Base = new("https://ca.test/acme/cert/mAt3xBGaobw");

    [Theory]
    [InlineData("one per header", new[] { "<https://ca.test/acme/directory>;rel=\"index\"", "<https://ca.test/acme/cert/mAt3xBGaobw/1>;rel=\"alternate\"" }, new[] { "https://ca.test/acme/cert/mAt3xBGaobw/1" })]
    [InlineData("several in one header", new[] { "<https://ca.test/a/1>; rel=\"alternate\", <https://ca.test/d>; rel=index, <https://ca.test/a/2>; rel=alternate" }, new[] { "https://ca.test/a/1", "https://ca.test/a/2" })]
    [InlineData("relative target", new[] { "</acme/cert/mAt3xBGaobw/1>;rel=\"alternate\"" }, new[] { "https://ca.test/acme/cert/mAt3xBGaobw/1" })]
    [InlineData("none with that relation", new[] { "<https://ca.test/acme/directory>;rel=\"index\"" }, new string[0])]
    [InlineData("broken value", new[] { "<https://ca.test/acme/directory;rel=alternate" }, new string[0])]
    public void AlternatesAreFound(string scenario, string[] values, string[] expected) =>
        LinkHeader.Find(values, "alternate", Base).Select(uri => uri.AbsoluteUri).Should().Equal(expected);
}
