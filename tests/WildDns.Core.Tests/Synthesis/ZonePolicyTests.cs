using FluentAssertions;
using WildDns.Core.Networks;
using WildDns.Core.Synthesis;
using Xunit;

namespace WildDns.Core.Tests.Synthesis;

public sealed class ZonePolicyTests
{
    [Fact]
    public void Constructor_Defaults_MatchTheSpec()
    {
        var zone = new ZonePolicy(" Cert.Example.COM. ");

        zone.Origin.Should().Be("cert.example.com");
        zone.AddressLabel.Should().Be("a");
        zone.AliasLabel.Should().Be("cname");
        zone.MaxIdentifierLabels.Should().Be(2);
        zone.AllowedNetworks.Should().BeSameAs(AllowedNetworks.Default);
    }

    [Theory]
    [InlineData("empty origin", "", "a", "cname", 2)]
    [InlineData("root only", ".", "a", "cname", 2)]
    [InlineData("empty label in origin", "cert..example.com", "a", "cname", 2)]
    [InlineData("64-octet label in origin", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", "a", "cname", 2)]
    [InlineData("same type labels", "cert.example.com", "a", "A", 2)]
    [InlineData("type label not LDH", "cert.example.com", "_a", "cname", 2)]
    [InlineData("empty type label", "cert.example.com", "a", "", 2)]
    [InlineData("type label with a dot", "cert.example.com", "a.b", "cname", 2)]
    [InlineData("no identifier allowed", "cert.example.com", "a", "cname", 0)]
    public void Constructor_BadSettings_Throw(string scenario, string origin, string addressLabel, string aliasLabel, int maxIdentifiers)
    {
        var act = () => new ZonePolicy(origin, addressLabel, aliasLabel, maxIdentifiers);

        act.Should().Throw<ArgumentException>();
    }
}
