using FluentAssertions;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// The prerequisite and update sections of an UPDATE read from the wire (RFC 2136 §2.4, §2.5): as many records as the
/// header counts (PRCOUNT in ANCOUNT's place, UPCOUNT in NSCOUNT's), names possibly compressed, and anything cut short
/// or running past the message is malformed (null, FORMERR), never a partial read or an exception.
/// </summary>
public sealed class UpdateMessageTests
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    /// <summary>The zone section, cert.example.com SOA IN (RFC 2136 §2.3), right after the 12-byte header.</summary>
    private static readonly byte[] Zone = [.. QueryBuilder.EncodeName("cert.example.com"), 0, 6, 0, 1];

    private static readonly byte[] Owner = QueryBuilder.EncodeName(Name);

    /// <summary>"_acme-challenge.abc" then a pointer to the zone name at offset 12 (RFC 1035 §4.1.4), as nsupdate sends it.</summary>
    private static readonly byte[] CompressedOwner = [15, .. "_acme-challenge"u8, 3, .. "abc"u8, 0xC0, 12];

    /// <summary>Four labels of 63, 63, 63 and 61 letters: 255 octets on the wire with their lengths and the root, 253 characters as text.</summary>
    private static readonly string Longest = $"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 61)}";

    /// <summary>(case, PRCOUNT, UPCOUNT, the records after the zone section, the sections read: RFC 3597 §5 text, or null for FORMERR).</summary>
    public static TheoryData<string, int, int, byte[], string[]?, string[]?> Messages => new()
    {
        { "no prerequisites and no updates", 0, 0, [], [], [] },
        {
            "a prerequisite (name in use) and an add whose data ends the message", 1, 1,
            [.. Owner, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0, .. Owner, 0, 16, 0, 1, 0, 0, 0, 60, 0, 4, 3, .. "abc"u8],
            [$"{Name}. 0 CLASS255 TYPE255 \\# 0"],
            [$"{Name}. 60 CLASS1 TYPE16 \\# 4 03616263"]
        },
        {
            "a delete of the TXT set whose empty data ends the message", 0, 1,
            [.. Owner, 0, 16, 0, 255, 0, 0, 0, 0, 0, 0],
            [],
            [$"{Name}. 0 CLASS255 TYPE16 \\# 0"]
        },
        {
            "names compressed against the zone section, letters lowered", 1, 1,
            [15, .. "_ACME-challenge"u8, 3, .. "ABC"u8, 0xC0, 12, 0, 16, 0, 254, 0, 0, 0, 0, 0, 0, .. CompressedOwner, 0, 16, 0, 254, 0, 0, 0, 0, 0, 1, 0],
            [$"{Name}. 0 CLASS254 TYPE16 \\# 0"],
            [$"{Name}. 0 CLASS254 TYPE16 \\# 1 00"]
        },
        {
            "a name of 255 octets, the longest there is", 0, 1,
            [.. QueryBuilder.EncodeName(Longest), 0, 16, 0, 255, 0, 0, 0, 0, 0, 0],
            [],
            [$"{Longest}. 0 CLASS255 TYPE16 \\# 0"]
        },
        { "a name of 256 octets, one more in the last label", 0, 1, [.. QueryBuilder.EncodeName(Longest + "d"), 0, 16, 0, 255, 0, 0, 0, 0, 0, 0], null, null },
        { "a prerequisite counted but not sent", 1, 0, [], null, null },
        { "an update counted but not sent", 0, 1, [], null, null },
        { "a prerequisite whose name runs off the end, no updates", 1, 0, [.. Owner[..10]], null, null },
        {
            "a prerequisite whose name points forward, then ten bytes more, no updates", 1, 0,
            [0xC0, 40, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0, 0],
            null, null
        },
        { "a prerequisite cut short in its fixed part, no updates", 1, 0, [.. Owner, 0, 255, 0, 255, 0, 0, 0, 0, 0], null, null },
        { "an update cut short in its fixed part", 0, 1, [.. Owner, 0, 16, 0, 255, 0, 0, 0, 0, 0], null, null },
        { "an update cut short in its fixed part after a good prerequisite", 1, 1, [.. Owner, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0, .. Owner, 0, 16, 0, 1], null, null },
        { "an update whose data runs past the end", 0, 1, [.. Owner, 0, 16, 0, 1, 0, 0, 0, 60, 0, 5, 3, .. "abc"u8], null, null },
        { "a prerequisite whose data runs past the end, no updates", 1, 0, [.. Owner, 0, 16, 0, 1, 0, 0, 0, 0, 0, 44, 43], null, null },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_section_holds_the_records_counted_or_the_message_is_malformed(
        string scenario, int prerequisiteCount, int updateCount, byte[] records, string[]? prerequisites, string[]? updates)
    {
        byte[] message = [0x12, 0x34, 5 << 3, 0, 0, 1, 0, (byte)prerequisiteCount, 0, (byte)updateCount, 0, 0, .. Zone, .. records];

        var sections = UpdateMessage.TryParse(message, 12 + Zone.Length);

        if (prerequisites is null)
        {
            sections.Should().BeNull(scenario);
            return;
        }

        sections.Should().NotBeNull(scenario);
        sections!.Prerequisites.Select(Text).Should().Equal(prerequisites, scenario);
        sections.Updates.Select(Text).Should().Equal(updates, scenario);
    }

    /// <summary>A record in the generic master-file form of RFC 3597 §5, which spells any class and type, ANY and NONE included.</summary>
    private static string Text(UpdateRecord record) =>
        $"{record.Name}. {record.Ttl} CLASS{record.Class} TYPE{record.Type} \\# {record.Data.Length}{(record.Data.Length > 0 ? " " : "")}{Convert.ToHexString(record.Data).ToLowerInvariant()}";
}
