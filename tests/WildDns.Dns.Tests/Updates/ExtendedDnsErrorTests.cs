using FluentAssertions;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// The OPT record an UPDATE answer carries, byte for byte: RFC 6891 §6.1.2 (root owner, type 41, the UDP payload size
/// as class, the upper eight rcode bits, version 0 and the flags as TTL, then RDLENGTH) with, when there is something to
/// say, one Extended DNS Error option (RFC 8914 §2: code 15, length, INFO-CODE, EXTRA-TEXT in UTF-8 without a NUL).
/// </summary>
public sealed class ExtendedDnsErrorTests
{
    /// <summary>(case, UDP payload size, response code, INFO-CODE, EXTRA-TEXT, the whole record).</summary>
    public static TheoryData<string, ushort, int, ushort, string?, byte[]> Records => new()
    {
        {
            "nothing to say: the OPT record alone, no option", 1232, 0, 0, null,
            [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]
        },
        {
            "an INFO-CODE without text", 1232, 5, 18, null,
            [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 6, 0, 15, 0, 2, 0, 18]
        },
        {
            "INFO-CODE 0 (Other) with text: the text says what happened", 512, 2, 0, "disk full",
            [0, 0, 41, 0x02, 0x00, 0, 0, 0, 0, 0, 15, 0, 15, 0, 11, 0, 0, .. "disk full"u8]
        },
        {
            "an empty text is still an option", 4096, 5, 0, "",
            [0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, 0, 6, 0, 15, 0, 2, 0, 0]
        },
        {
            "text is counted in UTF-8 octets, not characters", 1232, 9, 20, "zone é",
            [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 13, 0, 15, 0, 9, 0, 20, (byte)'z', (byte)'o', (byte)'n', (byte)'e', (byte)' ', 0xC3, 0xA9]
        },
        {
            "a code above 15 keeps its upper eight bits in the OPT record (16: BADVERS)", 1232, 16, 0, null,
            [0, 0, 41, 0x04, 0xD0, 0x01, 0, 0, 0, 0, 0]
        },
        {
            "all twelve rcode bits: the low four are the header's, the upper eight here", 1232, 0xABC, 14, null,
            [0, 0, 41, 0x04, 0xD0, 0xAB, 0, 0, 0, 0, 6, 0, 15, 0, 2, 0, 14]
        },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void The_opt_record_is_laid_out_as_rfc_6891_and_rfc_8914_say(string scenario, ushort udpPayloadSize, int responseCode, ushort infoCode, string? extraText, byte[] record)
    {
        ExtendedDnsError.OptRecord(udpPayloadSize, responseCode, infoCode, extraText).Should().Equal(record, scenario);
    }
}
