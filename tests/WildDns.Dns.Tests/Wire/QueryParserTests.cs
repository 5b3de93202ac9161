using FluentAssertions;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Wire;

/// <summary>The query parser (RFC 1035 §4.1, RFC 6891, RFC 8945 §5.1) as a table: message bytes in, outcome and fields out.</summary>
public sealed class QueryParserTests
{
    private static readonly byte[] Question = [.. QueryBuilder.EncodeName("cert.example.com"), 0, 6, 0, 1];

    /// <summary>(case, message, expected outcome).</summary>
    public static TheoryData<string, byte[], string> Outcomes => new()
    {
        { "11 bytes: no header", new byte[11], nameof(ParseOutcome.Drop) },
        { "a response (QR=1)", [.. Header(flags: 0x8000), .. Question], nameof(ParseOutcome.Drop) },
        { "no question", Header(questions: 0), nameof(ParseOutcome.QuestionCount) },
        { "two questions", [.. Header(questions: 2), .. Question, .. Question], nameof(ParseOutcome.QuestionCount) },
        { "a header alone that claims a question", Header(), nameof(ParseOutcome.FormatError) },
        { "the question cut in its class", [.. Header(), .. Question[..^1]], nameof(ParseOutcome.FormatError) },
        { "the question whole", [.. Header(), .. Question], nameof(ParseOutcome.Query) },
        { "an answer count with no answer", [.. Header(answers: 1), .. Question], nameof(ParseOutcome.FormatError) },
        { "an authority count with no record", [.. Header(authorities: 1), .. Question], nameof(ParseOutcome.FormatError) },
        { "an authority record, skipped", [.. Header(authorities: 1), .. Question, .. Record(Root, 6, [1, 2, 3])], nameof(ParseOutcome.Query) },
        { "an answer and an authority record", [.. Header(answers: 1, authorities: 1), .. Question, .. Record(Root, 1, [1, 2, 3, 4]), .. Record(Root, 2, [0])], nameof(ParseOutcome.Query) },
        { "an additional record whose data runs past the end", [.. Header(additionals: 1), .. Question, .. Record(Root, 1, [1, 2, 3, 4])[..^1]], nameof(ParseOutcome.FormatError) },
        { "an additional record cut in its fixed part", [.. Header(additionals: 1), .. Question, .. Record(Root, 1, [])[..10]], nameof(ParseOutcome.FormatError) },
        { "an OPT record not owned by the root", [.. Header(additionals: 1), .. Question, .. Record([1, (byte)'a', 0], 41, [])], nameof(ParseOutcome.FormatError) },
        { "two OPT records", [.. Header(additionals: 2), .. Question, .. Opt(), .. Opt()], nameof(ParseOutcome.FormatError) },
        { "a TSIG record before the OPT record", [.. Header(additionals: 2), .. Question, .. Record(Root, 250, [1]), .. Opt()], nameof(ParseOutcome.FormatError) },
        { "a TSIG record after the OPT record", [.. Header(additionals: 2), .. Question, .. Opt(), .. Record(Root, 250, [1])], nameof(ParseOutcome.Query) },
        { "a question name with a forward pointer", [.. Header(), 0xC0, 14, 0, 0, 1, 0, 1], nameof(ParseOutcome.FormatError) },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_message_gets_its_outcome(string scenario, byte[] message, string expected)
    {
        Parse(message, out _).Should().Be(Enum.Parse<ParseOutcome>(expected), scenario);
    }

    [Fact]
    public void The_header_question_and_edns_fields_are_read()
    {
        var message = new QueryBuilder("WWW.Cert.Example.COM", 28) { Id = 0xA1B2, CheckingDisabled = true, Class = 3, Edns = new EdnsSettings(4096, 0, DnssecOk: true) }.Build();

        Parse(message, out var query, out var wire, out var text).Should().Be(ParseOutcome.Query);

        query.Id.Should().Be(0xA1B2);
        query.Flags.Should().Be(0x0110);
        query.RecursionDesired.Should().BeTrue();
        query.CheckingDisabled.Should().BeTrue();
        query.Opcode.Should().Be(0);
        query.QuestionType.Should().Be(28);
        query.QuestionClass.Should().Be(3);
        query.NameWireLength.Should().Be(22);
        wire[..22].Should().Equal(QueryBuilder.EncodeName("WWW.Cert.Example.COM"));
        new string(text[..query.NameTextLength]).Should().Be("www.cert.example.com");
        query.QuestionEnd.Should().Be(12 + 22 + 4);
        query.HasEdns.Should().BeTrue();
        query.EdnsUdpSize.Should().Be(4096);
        query.EdnsVersion.Should().Be(0);
        query.DnssecOk.Should().BeTrue();
        query.TsigOffset.Should().Be(-1);
    }

    /// <summary>(case, the 16 bits after the extended rcode and version, the DO bit expected). RFC 6891 §6.1.4: DO is the top bit.</summary>
    public static TheoryData<string, ushort, bool> DoBits => new()
    {
        { "DO set", 0x8000, true },
        { "DO clear", 0x0000, false },
        { "every Z bit but DO", 0x7FFF, false },
        { "DO and every Z bit", 0xFFFF, true },
    };

    [Theory]
    [MemberData(nameof(DoBits))]
    public void The_do_bit_is_the_top_bit_of_the_edns_flags(string scenario, ushort flags, bool dnssecOk)
    {
        byte[] message = [.. Header(additionals: 1), .. Question, 0, 0, 41, 0x02, 0x00, 0x07, 0x01, (byte)(flags >> 8), (byte)flags, 0, 0];

        Parse(message, out var query).Should().Be(ParseOutcome.Query);

        query.DnssecOk.Should().Be(dnssecOk, scenario);
        query.CheckingDisabled.Should().BeFalse("the header has no CD bit");
        query.EdnsUdpSize.Should().Be(512);
        query.EdnsVersion.Should().Be(1);
    }

    [Fact]
    public void Without_edns_the_edns_fields_are_empty_and_opcode_and_flags_come_from_the_header()
    {
        byte[] message = [.. Header(flags: (ushort)((5 << 11) | 0x0010)), .. Question];

        Parse(message, out var query).Should().Be(ParseOutcome.Query);

        query.HasEdns.Should().BeFalse();
        query.DnssecOk.Should().BeFalse();
        query.Opcode.Should().Be(5);
        query.RecursionDesired.Should().BeFalse();
        query.CheckingDisabled.Should().BeTrue();
    }

    [Fact]
    public void A_tsig_record_that_ends_the_message_is_found_at_its_offset()
    {
        byte[] before = [.. Header(additionals: 2), .. Question, .. Opt()];
        byte[] message = [.. before, .. Record(Root, 250, [1, 2])];

        Parse(message, out var query).Should().Be(ParseOutcome.Query);

        query.TsigOffset.Should().Be(before.Length);
        query.HasEdns.Should().BeTrue();
    }

    /// <summary>(case, message, where the name starts, expected dotted text or null when it must be refused, where reading ends).</summary>
    public static TheoryData<string, byte[], int, string?, int> Names => new()
    {
        { "labels to the root", [.. new byte[12], 1, (byte)'a', 2, (byte)'b', (byte)'c', 0], 12, "a.bc", 18 },
        { "the root alone", [.. new byte[12], 0], 12, "", 13 },
        { "upper case is lowered, a dot in a label is U+0001", [.. new byte[12], 3, (byte)'A', (byte)'.', (byte)'Z', 0], 12, "a\u0001z", 17 },
        { "a pointer back to a name", [.. new byte[12], 1, (byte)'a', 0, 1, (byte)'b', 0xC0, 12], 15, "b.a", 19 },
        { "a pointer to a pointer further back", [.. new byte[12], 1, (byte)'a', 0, 0xC0, 12, 1, (byte)'b', 0xC0, 15], 17, "b.a", 21 },
        { "a pointer to itself", [.. new byte[12], 0xC0, 12], 12, null, 12 },
        { "a pointer forwards", [.. new byte[12], 0xC0, 14, 0], 12, null, 12 },
        { "a pointer back into its own name", [.. new byte[12], 1, (byte)'a', 0xC0, 12], 12, null, 12 },
        { "a pointer to a pointer that is not further back", [.. new byte[12], 1, (byte)'a', 0xC0, 16, 0, 0xC0, 14], 17, null, 17 },
        { "a pointer cut after its first byte", [.. new byte[12], 1, (byte)'a', 0xC0], 12, null, 12 },
        { "a label running off the end", [.. new byte[12], 3, (byte)'a', (byte)'b'], 12, null, 12 },
        { "no root at the end", [.. new byte[12], 1, (byte)'a'], 12, null, 12 },
        { "a 0x40 label type", [.. new byte[12], 0x41, (byte)'a', 0], 12, null, 12 },
        { "a 0x80 label type", [.. new byte[12], 0x81, (byte)'a', 0], 12, null, 12 },
        { "a pointer to an offset above 255", [.. new byte[300], 1, (byte)'a', 0, 1, (byte)'b', 0xC1, 0x2C], 303, "b.a", 307 },
        { "a 63-octet label", [.. new byte[12], 63, .. Enumerable.Repeat((byte)'x', 63), 0], 12, new string('x', 63), 12 + 65 },
        { "255 octets on the wire", [.. new byte[12], .. LongName(255), 0], 12, LongText(255), 12 + 255 },
        { "256 octets on the wire", [.. new byte[12], .. LongName(256), 0], 12, null, 12 },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Names_are_read_through_backward_pointers_only_and_within_255_octets(string scenario, byte[] message, int start, string? expected, int end)
    {
        var wire = new byte[256];
        var text = new char[256];
        var position = start;

        var read = QueryParser.TryReadName(message, ref position, wire, text, out var wireLength, out var textLength);

        read.Should().Be(expected is not null, scenario);
        if (expected is not null)
        {
            new string(text, 0, textLength).Should().Be(expected, scenario);
            wireLength.Should().Be(expected.Length == 0 ? 1 : expected.Length + 2, scenario);
            wire[wireLength - 1].Should().Be(0);
            position.Should().Be(end, scenario);
        }
        else
        {
            position.Should().Be(start, "a refused name leaves the position where it was");
        }
    }

    /// <summary>(case, bytes from offset 0, expected position after skipping, or -1 when refused).</summary>
    public static TheoryData<string, byte[], int> Skips => new()
    {
        { "labels to the root", [1, (byte)'a', 0, 9], 3 },
        { "the root", [0, 9], 1 },
        { "a label then a pointer", [1, (byte)'a', 0xC0, 0, 9], 4 },
        { "a pointer alone", [0xC0, 5], 2 },
        { "a pointer cut after its first byte", [1, (byte)'a', 0xC0], -1 },
        { "a label running off the end", [2, (byte)'a'], -1 },
        { "no root at the end", [1, (byte)'a'], -1 },
        { "a 0x40 label type", [0x41, (byte)'a', 0], -1 },
        { "a 0x80 label type", [0x81, (byte)'a', 0], -1 },
        { "a pointer to an offset above 255", [0xC1, 0x2C, 9], 2 },
        { "255 octets", [.. LongName(255), 0], 255 },
        { "256 octets", [.. LongName(256), 0], -1 },
        { "257 octets", [.. LongName(257), 0], -1 },
    };

    [Theory]
    [MemberData(nameof(Skips))]
    public void Names_are_skipped_to_the_root_or_the_first_pointer(string scenario, byte[] bytes, int expected)
    {
        var position = 0;

        var skipped = QueryParser.TrySkipName(bytes, ref position);

        skipped.Should().Be(expected >= 0, scenario);
        if (expected >= 0)
        {
            position.Should().Be(expected, scenario);
        }
    }

    [Fact]
    public void A_skipped_record_gives_its_type_and_where_its_fixed_part_starts()
    {
        byte[] message = [9, 9, 1, (byte)'a', 0, .. Record([], 16, [5, 6, 7])[..], 9];
        var position = 2;

        QueryParser.TrySkipRecord(message, ref position, out var type, out var header).Should().BeTrue();

        type.Should().Be(16);
        header.Should().Be(5);
        position.Should().Be(5 + 10 + 3);
    }

    [Theory]
    [InlineData("data one byte past the end", 4, false)]
    [InlineData("data ending at the end", 3, true)]
    public void A_record_is_skipped_only_when_its_data_fits(string scenario, byte length, bool fits)
    {
        byte[] message = [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, length, 1, 2, 3];
        var position = 0;

        QueryParser.TrySkipRecord(message, ref position, out _, out _).Should().Be(fits, scenario);
    }

    [Fact]
    public void A_record_whose_fixed_part_is_cut_is_refused()
    {
        var position = 0;

        QueryParser.TrySkipRecord(new byte[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 0 }, ref position, out _, out _).Should().BeFalse();
    }

    /// <summary>Labels of 63, 63, 63 and the rest octets: a name of <paramref name="wireLength"/> octets with its root.</summary>
    private static byte[] LongName(int wireLength)
    {
        var bytes = new List<byte>();
        var left = wireLength - 1;
        while (left > 0)
        {
            var label = Math.Min(63, left - 1);
            bytes.Add((byte)label);
            bytes.AddRange(Enumerable.Repeat((byte)'x', label));
            left -= label + 1;
        }

        return [.. bytes];
    }

    private static string LongText(int wireLength)
    {
        var name = LongName(wireLength);
        var labels = new List<string>();
        for (var i = 0; i < name.Length; i += name[i] + 1)
        {
            labels.Add(new string('x', name[i]));
        }

        return string.Join('.', labels);
    }

    private static readonly byte[] Root = [0];

    private static byte[] Header(ushort flags = 0x0100, ushort questions = 1, ushort answers = 0, ushort authorities = 0, ushort additionals = 0) =>
    [
        0x12, 0x34, (byte)(flags >> 8), (byte)flags, (byte)(questions >> 8), (byte)questions, (byte)(answers >> 8), (byte)answers,
        (byte)(authorities >> 8), (byte)authorities, (byte)(additionals >> 8), (byte)additionals,
    ];

    private static byte[] Record(byte[] owner, ushort type, byte[] data) =>
        [.. owner, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, (byte)(data.Length >> 8), (byte)data.Length, .. data];

    private static byte[] Opt() => [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];

    private static ParseOutcome Parse(byte[] message, out DnsQuery query) => Parse(message, out query, out _, out _);

    private static ParseOutcome Parse(byte[] message, out DnsQuery query, out byte[] wire, out char[] text)
    {
        wire = new byte[256];
        text = new char[256];
        return QueryParser.Parse(message, wire, text, out query);
    }
}
