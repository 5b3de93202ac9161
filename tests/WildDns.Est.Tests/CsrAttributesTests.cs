using FluentAssertions;
using Xunit;

namespace WildDns.Est.Tests;

public sealed class CsrAttributesTests
{
    // RFC 7030 §4.5.2's example answer: challengePassword, ecPublicKey with secp384r1, extensionRequest naming
    // macAddress, ecdsaWithSHA384.
    private const string RfcExample = "MEEGCSqGSIb3DQEJBzASBgcqhkjOPQIBMQcGBSuBBAAiMBYGCSqGSIb3DQEJDjEJ\r\nBgcrBgEBAQEWBggqhkjOPQQDAw==\r\n";

    private static readonly CsrAttribute[] RfcAttributes =
    [
        CsrAttribute.Oid("1.2.840.113549.1.9.7"),
        CsrAttribute.WithOids("1.2.840.10045.2.1", "1.3.132.0.34"),
        CsrAttribute.WithOids("1.2.840.113549.1.9.14", "1.3.6.1.1.1.1.22"),
        CsrAttribute.Oid("1.2.840.10045.4.3.3"),
    ];

    [Fact]
    public void The_RFC_example_encodes_to_the_RFC_bytes()
    {
        System.Text.Encoding.ASCII.GetString(CsrAttributes.EncodeBody(RfcAttributes)).Should().Be(RfcExample);
    }

    [Fact]
    public void The_RFC_example_decodes_to_its_attributes()
    {
        EstBase64.TryDecode(System.Text.Encoding.ASCII.GetBytes(RfcExample), out var der).Should().BeTrue();

        CsrAttributes.TryDecode(der, out var attributes).Should().BeTrue();

        attributes.Should().Equal(RfcAttributes);
        attributes[1].OidValues.Should().Equal("1.3.132.0.34");
    }

    [Fact]
    public void No_attributes_is_an_empty_sequence()
    {
        CsrAttributes.Encode([]).Should().Equal(0x30, 0x00);
    }

    [Fact]
    public void Trailing_bytes_are_not_a_CsrAttrs()
    {
        CsrAttributes.TryDecode(new byte[] { 0x30, 0x00, 0x00 }, out _).Should().BeFalse();
    }
}
