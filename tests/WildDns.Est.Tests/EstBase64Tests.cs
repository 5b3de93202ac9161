using System.Text;
using FluentAssertions;
using Xunit;

namespace WildDns.Est.Tests;

public sealed class EstBase64Tests
{
    public static TheoryData<string, string, string?> Bodies => new()
    {
        { "one line", "AAECAwQF", "000102030405" },
        { "CRLF line breaks", "AAEC\r\nAwQF\r\n", "000102030405" },
        { "LF line breaks and spaces", " AAEC\n AwQF\n", "000102030405" },
        { "padding", "AAE=", "0001" },
        { "not base64", "AA!C", null },
        { "missing padding", "AAE", null },
        { "empty", "\r\n", null },
        { "PEM", "-----BEGIN CERTIFICATE REQUEST-----\nAAEC\n-----END CERTIFICATE REQUEST-----\n", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_body_decodes_with_or_without_line_breaks(string name, string body, string? expectedHex)
    {
        var decoded = EstBase64.TryDecode(Encoding.ASCII.GetBytes(body), out var bytes);

        decoded.Should().Be(expectedHex is not null, name);
        if (expectedHex is not null)
        {
            Convert.ToHexString(bytes).Should().Be(expectedHex, name);
        }
    }

    [Fact]
    public void Encoding_breaks_lines_at_64_characters_and_decodes_back()
    {
        var data = Enumerable.Range(0, 200).Select(value => (byte)value).ToArray();

        var body = Encoding.ASCII.GetString(EstBase64.Encode(data));

        body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Length).Should().Equal(64, 64, 64, 64, 12);
        EstBase64.TryDecode(Encoding.ASCII.GetBytes(body), out var decoded).Should().BeTrue();
        decoded.Should().Equal(data);
    }
}
