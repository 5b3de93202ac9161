using FluentAssertions;
using WildDns.Core.Codec;
using Xunit;

namespace WildDns.Core.Tests.Codec;

public sealed class EncodedHostNameTests
{
    [Theory]
    [InlineData("three labels", "pacs--hospital-abc--com", "pacs.hospital-abc.com")]
    [InlineData("two labels", "router--lan", "router.lan")]
    [InlineData("IDNA label in the middle", "www--xn--mnchen-3ya--de", "www.xn--mnchen-3ya.de")]
    [InlineData("IDNA label first", "xn--mnchen-3ya--de", "xn--mnchen-3ya.de")]
    [InlineData("IDNA label last", "www--xn--mnchen-3ya", "www.xn--mnchen-3ya")]
    [InlineData("upper-case IDNA prefix", "WWW--XN--MNCHEN-3YA--DE", "www.xn--mnchen-3ya.de")]
    [InlineData("mixed case is lowered", "PACS--Hospital-ABC--Com", "pacs.hospital-abc.com")]
    [InlineData("digits and single hyphens", "dc-01--site-2--example", "dc-01.site-2.example")]
    [InlineData("single-character labels", "a--b", "a.b")]
    [InlineData("a name starting with dns is not a prefix", "dnsserver--hospital--com", "dnsserver.hospital.com")]
    [InlineData("label xn last", "a--xn", "a.xn")]
    [InlineData("63-character payload", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa--bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    public void Decode_EncodedHostName_GivesLowerCaseName(string scenario, string label, string expected)
    {
        EncodedHostName.IsValid(label).Should().BeTrue();
        EncodedHostName.Decode(label).Should().Be(expected);

        Span<char> text = stackalloc char[EncodedHostName.MaxNameLength];
        new string(text[..EncodedHostName.WriteText(label, text)]).Should().Be(expected);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("one label is never an alias", "pacs")]
    [InlineData("one IDNA label is never an alias", "xn--mnchen-3ya")]
    [InlineData("an identifier with single hyphens", "client-abc")]
    [InlineData("an encoded IPv4 address", "192-168-2-1")]
    [InlineData("triple dash leaves a label starting with '-'", "pacs---com")]
    [InlineData("leading dash", "-pacs--com")]
    [InlineData("trailing dash", "pacs--com-")]
    [InlineData("leading separator is an empty label", "--pacs--com")]
    [InlineData("trailing separator is an empty label", "pacs--com--")]
    [InlineData("four dashes is an empty label", "pacs----com")]
    [InlineData("underscore", "pacs_1--com")]
    [InlineData("dot", "pacs.x--com")]
    [InlineData("non-ASCII letter", "münchen--de")]
    [InlineData("64-character payload", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa--bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("IDNA prefix with nothing after it", "xn----de")]
    public void IsValid_NotAHostName_ReturnsFalse(string scenario, string label)
    {
        EncodedHostName.IsValid(label).Should().BeFalse();
        EncodedHostName.Decode(label).Should().BeNull();
    }

    [Fact]
    public void IsValid_DecodedNameOver253Characters_ReturnsFalse()
    {
        // A payload label cannot reach 253 decoded characters; callers with longer text still get the RFC 1035 limit.
        var label = string.Join("--", Enumerable.Repeat(new string('a', 62), 5));

        EncodedHostName.IsValid(label).Should().BeFalse();
    }

    [Fact]
    public void WriteWire_EncodedHostName_WritesLowerCaseLengthPrefixedLabels()
    {
        Span<byte> wire = stackalloc byte[256];

        var written = EncodedHostName.WriteWire("WWW--XN--MNCHEN-3YA--De", wire);

        wire[..written].ToArray().Should().Equal(
            [3, .. "www"u8, 14, .. "xn--mnchen-3ya"u8, 2, .. "de"u8, 0]);
    }

    [Theory]
    [InlineData("three labels", "pacs.hospital-abc.com", "pacs--hospital-abc--com")]
    [InlineData("root dot dropped", "pacs.hospital-abc.com.", "pacs--hospital-abc--com")]
    [InlineData("lower-cased", "PACS.Hospital.COM", "pacs--hospital--com")]
    [InlineData("IDNA label keeps its prefix", "www.xn--mnchen-3ya.de", "www--xn--mnchen-3ya--de")]
    [InlineData("label xn last", "a.xn", "a--xn")]
    [InlineData("exactly 63 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa--bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    public void TryEncode_HostName_GivesALabelThatDecodesBack(string scenario, string hostName, string expected)
    {
        EncodedHostName.TryEncode(hostName, out var encoded, out var error).Should().BeTrue(error);

        encoded.Should().Be(expected);
        error.Should().BeEmpty();
        EncodedHostName.Decode(encoded).Should().Be(hostName.TrimEnd('.').ToLowerInvariant());
    }

    [Theory]
    [InlineData("one label", "localhost", "*at least two labels*")]
    [InlineData("encoding over 63 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "*encodes to 64 characters*")]
    [InlineData("a label holding '--'", "ab--cd.example.com", "*holds '--'*")]
    [InlineData("an IDNA label holding another '--'", "xn--ab--cd.example.com", "*holds '--'*")]
    [InlineData("label xn before another label", "xn.example.com", "*'xn' before another label*")]
    [InlineData("empty label", "pacs..com", "*is not a host name label*")]
    [InlineData("label starting with '-'", "-pacs.com", "*is not a host name label*")]
    [InlineData("label ending with '-'", "pacs-.com", "*is not a host name label*")]
    [InlineData("underscore", "_acme.example.com", "*is not a host name label*")]
    [InlineData("64-character label", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", "*is not a host name label*")]
    public void TryEncode_NameThatCannotBeAPayload_ExplainsWhy(string scenario, string hostName, string expectedError)
    {
        EncodedHostName.TryEncode(hostName, out var encoded, out var error).Should().BeFalse();

        encoded.Should().BeEmpty();
        error.Should().Match(expectedError);
    }
}
