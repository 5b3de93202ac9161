using FluentAssertions;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// The TXT RDATA of a DNS-01 value both ways (RFC 1035 §3.3.14: one length octet, then the characters): only one
/// character-string of 43 base64url characters (RFC 8555 §8.4) reads back as a value.
/// </summary>
public sealed class ChallengeRecordTests
{
    private const string Value = "YhbC0Yb4dGh0bWu7mD-yb8EPMA_aqMS6rCZkBRgeb4M";

    public static TheoryData<string, byte[], string?> Records => new()
    {
        { "one string of a DNS-01 digest", [43, .. Ascii(Value)], Value },
        { "42 characters", [42, .. Ascii(Value[..42])], null },
        { "44 characters", [44, .. Ascii(Value + "A")], null },
        { "a length octet that claims 42 of the 43 characters", [42, .. Ascii(Value)], null },
        { "a plus sign, which is base64 but not base64url", [43, .. Ascii("+" + Value[1..])], null },
        { "padding in place of the last character", [43, .. Ascii(Value[..42] + "=")], null },
        { "a last character whose unused bits are not zero", [43, .. Ascii(Value[..42] + "N")], null },
        { "the digest split into two strings", [20, .. Ascii(Value[..20]), 22, .. Ascii(Value[20..42])], null },
        { "no string at all", [], null },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Only_one_string_of_a_dns01_digest_reads_as_a_value(string scenario, byte[] data, string? value)
    {
        ChallengeRecord.ReadValue(data).Should().Be(value, scenario);
    }

    [Fact]
    public void A_value_is_written_as_one_character_string_and_reads_back()
    {
        var data = ChallengeRecord.Data(Value);

        data.Should().Equal([43, .. Ascii(Value)]);
        ChallengeRecord.ReadValue(data).Should().Be(Value);
    }

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
