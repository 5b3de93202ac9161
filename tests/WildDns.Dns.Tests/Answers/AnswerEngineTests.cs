using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Updates;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Updates;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// The answer engine in process, bytes in and bytes out: the header rules (RFC 1035 §4.1.1), opcodes, meta types and
/// classes, EDNS (RFC 6891: BADVERS, the DO bit, our UDP size) and truncation to the size the requester allows, to the byte.
/// </summary>
public sealed class AnswerEngineTests
{
    private const string StaticZone = """
        $TTL 300
        @     IN SOA ns.static.test. hostmaster.static.test. 7 3600 600 86400 30
        @     IN NS  ns
        ns    IN A   192.0.2.1
        alias IN CNAME target.example.net.
        mail  IN MX  10 mx.example.net.
        """;

    private readonly AnswerEngine engine = new(ShippedZones.Load(("static.test", StaticZone)), new AnswerOptions(), new PublishedChallenges());
    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    /// <summary>(case, query, expected rcode, AA, questions echoed, answers).</summary>
    public static TheoryData<string, QueryBuilder, int, bool, int, int> Codes => new()
    {
        { "an address", new QueryBuilder("10-1-2-3.cald5f5f7ba45.cert.example.com"), 0, true, 1, 1 },
        { "opcode NOTIFY", new QueryBuilder("cert.example.com", 6) { Opcode = 4 }, 4, false, 1, 0 },
        { "opcode STATUS", new QueryBuilder("cert.example.com") { Opcode = 2 }, 4, false, 1, 0 },
        { "opcode DSO without a question", new QueryBuilder("cert.example.com") { Opcode = 6, QuestionCount = 0 }, 4, false, 0, 0 },
        { "opcode UPDATE without a responder", new QueryBuilder("cert.example.com", 6) { Opcode = 5 }, 4, false, 1, 0 },
        { "opcode UPDATE, no question, without a responder", new QueryBuilder("cert.example.com", 6) { Opcode = 5, QuestionCount = 0 }, 4, false, 0, 0 },
        { "opcode QUERY without a question", new QueryBuilder("cert.example.com") { QuestionCount = 0 }, 1, false, 0, 0 },
        { "opcode QUERY with two questions claimed", new QueryBuilder("cert.example.com") { QuestionCount = 2 }, 1, false, 0, 0 },
        { "qtype OPT", new QueryBuilder("cert.example.com", 41), 1, false, 1, 0 },
        { "qtype TSIG", new QueryBuilder("cert.example.com", 250), 1, false, 1, 0 },
        { "qtype TKEY", new QueryBuilder("cert.example.com", 249), 1, false, 1, 0 },
        { "qtype AXFR", new QueryBuilder("cert.example.com", 252), 5, false, 1, 0 },
        { "qtype IXFR", new QueryBuilder("cert.example.com", 251), 5, false, 1, 0 },
        { "qtype MAILB", new QueryBuilder("cert.example.com", 253), 5, false, 1, 0 },
        { "qtype MAILA", new QueryBuilder("cert.example.com", 254), 5, false, 1, 0 },
        { "class CH", new QueryBuilder("cert.example.com", 6) { Class = 3 }, 5, false, 1, 0 },
        { "class ANY", new QueryBuilder("cert.example.com", 6) { Class = 255 }, 5, false, 1, 0 },
        { "a name outside every zone", new QueryBuilder("www.example.org"), 5, false, 1, 0 },
        { "EDNS version 1: BADVERS, whose low bits are 0", new QueryBuilder("cert.example.com", 6) { Edns = new EdnsSettings(Version: 1) }, 0, false, 1, 0 },
        { "a static CNAME asked for A", new QueryBuilder("alias.static.test"), 0, true, 1, 1 },
        { "a static MX", new QueryBuilder("mail.static.test", 15), 0, true, 1, 1 },
        { "a static name without the type: NODATA", new QueryBuilder("mail.static.test", 16), 0, true, 1, 0 },
        { "a static name, ANY: every set", new QueryBuilder("static.test", 255), 0, true, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_query_gets_its_rcode_and_the_header_echoes_id_opcode_rd_and_cd(string scenario, QueryBuilder builder, int rcode, bool authoritative, int questions, int answers)
    {
        var query = (builder with { Id = 0x7E57, CheckingDisabled = true }).Build();

        var outcome = engine.Answer(query, response, overTcp: false);

        var header = ResponseHeader.Read(response.AsSpan(0, outcome.Length));
        header.ResponseCode.Should().Be(rcode, scenario);
        outcome.ResponseCode.Should().Be(builder.Edns?.Version > 0 ? 16 : rcode, scenario);
        header.Authoritative.Should().Be(authoritative, scenario);
        header.Questions.Should().Be((ushort)questions, scenario);
        header.Answers.Should().Be((ushort)answers, scenario);
        header.Id.Should().Be(0x7E57);
        header.IsResponse.Should().BeTrue();
        header.Opcode.Should().Be(builder.Opcode, scenario);
        header.RecursionDesired.Should().BeTrue();
        header.CheckingDisabled.Should().BeTrue("CD is copied (RFC 4035 §3.1.6)");
        header.RecursionAvailable.Should().BeFalse();
        header.Truncated.Should().BeFalse();
        outcome.Truncated.Should().BeFalse(scenario);
        if (questions > 0)
        {
            response.AsSpan(12, query.Length - 12 - (builder.Edns is null ? 0 : 11)).ToArray().Should().Equal(query[12..(query.Length - (builder.Edns is null ? 0 : 11))], "the question is echoed as sent");
        }
    }

    /// <summary>(case, the message, whether it is signed at the present time, the rcode expected) for an engine that takes UPDATE and TSIG.</summary>
    public static TheoryData<string, QueryBuilder, bool, int> WithUpdates => new()
    {
        { "UPDATE without a zone: FORMERR, since UPDATE is implemented", new QueryBuilder("cert.example.com", 6) { Opcode = 5, QuestionCount = 0 }, false, ResponseCode.FormatError },
        { "DSO without a question: still NOTIMP", new QueryBuilder("cert.example.com") { Opcode = 6, QuestionCount = 0 }, false, ResponseCode.NotImplemented },
        { "a signed NOTIFY: NOTIMP, unsigned", new QueryBuilder("cert.example.com", 6) { Opcode = 4 }, true, ResponseCode.NotImplemented },
        { "a signed query: answered and signed", new QueryBuilder("cert.example.com", 6), true, ResponseCode.NoError },
    };

    [Theory]
    [MemberData(nameof(WithUpdates))]
    public void With_updates_taken_only_query_and_update_are_implemented_and_only_they_are_signed(string scenario, QueryBuilder builder, bool signed, int rcode)
    {
        var message = signed ? SignedNow(builder) : builder.Build();
        var store = new ChallengeStoreDouble();
        var withUpdates = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(SignedUpdates.Keys, store, store, TimeProvider.System));

        var outcome = withUpdates.Answer(message, response, overTcp: false);

        var header = ResponseHeader.Read(response.AsSpan(0, outcome.Length));
        header.ResponseCode.Should().Be(rcode, scenario);
        header.Additionals.Should().Be(rcode == ResponseCode.NoError ? (ushort)1 : (ushort)0, "only the answer to a signed query carries a TSIG record");
        outcome.Truncated.Should().BeFalse(scenario);
    }

    [Fact]
    public void A_response_is_dropped_and_so_is_a_message_shorter_than_a_header()
    {
        engine.Answer(new QueryBuilder("cert.example.com") { IsResponse = true }.Build(), response, overTcp: false).Should().Be(new AnswerOutcome(0, AnswerCategory.Dropped, 0, 0, false));
        engine.Answer(new byte[11], response, overTcp: true).Length.Should().Be(0);
    }

    [Fact]
    public void Badvers_puts_the_upper_rcode_bits_in_the_opt_record()
    {
        var length = engine.Answer(new QueryBuilder("cert.example.com", 6) { Edns = new EdnsSettings(Version: 1) }.Build(), response, overTcp: false).Length;

        var opt = Opt.Read(response.AsSpan(0, length));
        opt.ExtendedRcode.Should().Be(1, "BADVERS is 16: 1 in the OPT record's upper eight bits, 0 in the header");
        opt.UdpSize.Should().Be(1232);
    }

    [Theory]
    [InlineData("DO set", true)]
    [InlineData("DO clear", false)]
    public void The_opt_record_carries_our_udp_size_and_echoes_the_do_bit(string scenario, bool dnssecOk)
    {
        var query = new QueryBuilder("10-1-2-3.cald5f5f7ba45.cert.example.com") { Edns = new EdnsSettings(4096, 0, dnssecOk) }.Build();

        var length = engine.Answer(query, response, overTcp: false).Length;

        var opt = Opt.Read(response.AsSpan(0, length));
        opt.DnssecOk.Should().Be(dnssecOk, scenario);
        opt.UdpSize.Should().Be(1232);
        opt.ExtendedRcode.Should().Be(0);
        ResponseHeader.Read(response).Additionals.Should().Be(1);
    }

    [Fact]
    public void Without_edns_there_is_no_opt_record()
    {
        var length = engine.Answer(new QueryBuilder("10-1-2-3.cald5f5f7ba45.cert.example.com").Build(), response, overTcp: false).Length;

        ResponseHeader.Read(response.AsSpan(0, length)).Additionals.Should().Be(0);
    }

    /// <summary>
    /// (case, the requester's EDNS size or 0 for none, our maximum, bytes kept back for a signature, whether the answer of
    /// exactly <c>size</c> bytes is cut). The medium challenge answer is measured first over TCP; sizes are relative to it.
    /// </summary>
    public static TheoryData<string, int, ushort, int, bool> Limits => new()
    {
        { "asked for exactly the answer's size", 0, 4096, 0, false },
        { "asked for one byte less", -1, 4096, 0, true },
        { "asked for exactly the size, 10 bytes kept back", 10, 4096, 10, false },
        { "asked for exactly the size, 11 bytes kept back", 10, 4096, 11, true },
        { "asked for more than our maximum, which is one byte short", 100, 0, 0, true },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void An_answer_over_udp_is_cut_to_the_size_asked_for_within_our_maximum(string scenario, int sizeOffset, ushort maxOffset, int reserve, bool truncated)
    {
        var whole = AnswerLength(PublishedChallenges.MediumName, overTcp: true);
        var engineWithMaximum = new AnswerEngine(ShippedZones.Load(), new AnswerOptions { MaxUdpSize = maxOffset == 0 ? (ushort)(whole - 1) : maxOffset }, new PublishedChallenges());
        var query = new QueryBuilder(PublishedChallenges.MediumName, 16) { Edns = new EdnsSettings((ushort)(whole + sizeOffset)) }.Build();

        var outcome = engineWithMaximum.Answer(query, response, overTcp: false, null, reserve);

        outcome.Truncated.Should().Be(truncated, scenario);
        var header = ResponseHeader.Read(response.AsSpan(0, outcome.Length));
        header.Truncated.Should().Be(truncated, scenario);
        header.Answers.Should().Be(truncated ? (ushort)0 : (ushort)15, scenario);
        header.Questions.Should().Be(1);
        header.Additionals.Should().Be(1, "the OPT record stays in a cut answer");
        outcome.Length.Should().Be(truncated ? query.Length : whole, scenario);
    }

    /// <summary>(case, the EDNS size asked for or 0 for none, whether the medium answer of about 900 bytes is cut).</summary>
    public static TheoryData<string, ushort, bool> UdpSizes => new()
    {
        { "no EDNS: 512 bytes", 0, true },
        { "EDNS 100: raised to 512", 100, true },
        { "EDNS 511: raised to 512", 511, true },
        { "EDNS 1232", 1232, false },
        { "EDNS 65535: our 1232", 65535, false },
    };

    [Theory]
    [MemberData(nameof(UdpSizes))]
    public void The_udp_limit_is_512_without_edns_and_at_least_512_with_it(string scenario, ushort size, bool truncated)
    {
        var query = new QueryBuilder(PublishedChallenges.MediumName, 16) { Edns = size == 0 ? null : new EdnsSettings(size) }.Build();

        var outcome = engine.Answer(query, response, overTcp: false);

        outcome.Truncated.Should().Be(truncated, scenario);
        ResponseHeader.Read(response).Additionals.Should().Be(size == 0 ? (ushort)0 : (ushort)1, scenario);
    }

    [Fact]
    public void The_large_answer_is_cut_over_udp_even_at_the_largest_edns_size_and_whole_over_tcp()
    {
        var query = new QueryBuilder(PublishedChallenges.LargeName, 16) { Edns = new EdnsSettings(65535) }.Build();

        engine.Answer(query, response, overTcp: false).Truncated.Should().BeTrue();
        var tcp = engine.Answer(query, response, overTcp: true);

        tcp.Truncated.Should().BeFalse();
        tcp.Category.Should().Be(AnswerCategory.Challenge);
        ResponseHeader.Read(response).Answers.Should().Be(30);
        tcp.Length.Should().BeGreaterThan(1232);
    }

    [Fact]
    public void A_negative_answer_points_its_soa_owner_at_the_zone_inside_the_question()
    {
        var query = new QueryBuilder("www.cald5f5f7ba45.client-abc.cert.example.com").Build();

        var length = engine.Answer(query, response, overTcp: false).Length;

        // The question name starts at 12; "cert.example.com" starts after www, cald5f5f7ba45 and client-abc.
        var pointer = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(query.Length));
        pointer.Should().Be((ushort)(0xC000 | (12 + 4 + 14 + 11)));
        ResponseHeader.Read(response.AsSpan(0, length)).Authorities.Should().Be(1);
    }

    private int AnswerLength(string name, bool overTcp) =>
        engine.Answer(new QueryBuilder(name, 16) { Edns = new EdnsSettings() }.Build(), response, overTcp).Length;

    /// <summary>The OPT record that ends a response (RFC 6891 §6.1.2), with no options.</summary>
    private readonly record struct Opt(ushort UdpSize, byte ExtendedRcode, bool DnssecOk)
    {
        public static Opt Read(ReadOnlySpan<byte> message)
        {
            var opt = message[^11..];
            opt[0].Should().Be(0);
            BinaryPrimitives.ReadUInt16BigEndian(opt[1..]).Should().Be(41);
            return new(BinaryPrimitives.ReadUInt16BigEndian(opt[3..]), opt[5], (opt[7] & 0x80) != 0);
        }
    }

    private static byte[] SignedNow(QueryBuilder query) =>
        (new SignedMessage(query.Build()) with { KeyName = SignedUpdates.KeyName, Secret = SignedUpdates.Secret, TimeSigned = SignedUpdates.Now }).Build();
}
