using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// The answer to an UPDATE within the size the requester allows, byte for byte: the header with QR, the opcode and RD
/// echoed (RFC 2136 §3.8), the zone section, the OPT record with the Extended DNS Error (RFC 6891, RFC 8914) and the
/// TSIG record (RFC 8945 §5.3). What does not fit goes in this order: the EDE text, the zone section; then the bare
/// header with TC, so that the sender asks again over TCP.
/// </summary>
public sealed class UpdateReplyTests
{
    private const string Reason = "updates must be signed";

    /// <summary>The TSIG record of an hmac-sha256 answer with key acme-key: 10 + 10 + 13 + 16 + 32 bytes.</summary>
    private const int Signature = 81;

    /// <summary>The zone section, cert.example.com SOA IN: 22 bytes.</summary>
    private static readonly byte[] Zone = [.. QueryBuilder.EncodeName("cert.example.com"), 0, 6, 0, 1];

    /// <summary>What an answer holds: everything, the EDE without its text, the header and OPT only, or the bare header with TC.</summary>
    public enum Shape
    {
        Whole,
        WithoutText,
        WithoutZone,
        Truncated,
    }

    /// <summary>
    /// (case, EDNS, signed, the size limit, what the answer holds). Header 12, zone section 22, OPT 11, EDE option 6 plus
    /// the 22 bytes of text: 73 bytes whole, 51 without the text, 29 without the zone section, 81 more when signed.
    /// </summary>
    public static TheoryData<string, bool, bool, int, Shape> Limits => new()
    {
        { "room for everything, to the byte", true, false, 73, Shape.Whole },
        { "one byte short: the EDE text goes first", true, false, 72, Shape.WithoutText },
        { "room for the zone section and the EDE code, to the byte", true, false, 51, Shape.WithoutText },
        { "one byte short of that: the zone section goes too", true, false, 50, Shape.WithoutZone },
        { "room for the header and the OPT record, to the byte", true, false, 29, Shape.WithoutZone },
        { "one byte short of that: the bare header with TC", true, false, 28, Shape.Truncated },
        { "signed, room for everything and the TSIG record, to the byte", true, true, 73 + Signature, Shape.Whole },
        { "signed, one byte short: the EDE text goes", true, true, 72 + Signature, Shape.WithoutText },
        { "signed, room for the zone section and the EDE code, to the byte", true, true, 51 + Signature, Shape.WithoutText },
        { "signed, one byte short of that: the zone section goes", true, true, 50 + Signature, Shape.WithoutZone },
        { "signed, room for the header, OPT and TSIG records, to the byte", true, true, 29 + Signature, Shape.WithoutZone },
        { "signed, one byte short of that: the bare header with TC, unsigned", true, true, 28 + Signature, Shape.Truncated },
        { "without EDNS, room for the zone section", false, false, 34, Shape.Whole },
        { "without EDNS, one byte short: the header alone, no TC", false, false, 33, Shape.WithoutZone },
    };

    /// <summary>(case, the request's flags, the answer's flags with rcode REFUSED).</summary>
    public static TheoryData<string, ushort, ushort> Flags => new()
    {
        { "an UPDATE: QR and opcode 5", 0x2800, 0xA805 },
        { "an UPDATE with RD: RD is echoed", 0x2900, 0xA905 },
        { "an UPDATE with AA, TC, RA, Z, AD, CD and an rcode set: none of them is echoed", 0x2EFF, 0xA805 },
        { "a signed query with RD: opcode 0 and RD", 0x0100, 0x8105 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void What_does_not_fit_goes_text_first_then_the_zone_section_then_all_but_the_header(string scenario, bool edns, bool signed, int limit, Shape shape)
    {
        var request = Request(0x2800, edns, signed);
        var response = new byte[AnswerEngine.ResponseBufferSize];

        var outcome = Write(request, response, limit, UpdateResult.Refused(Reason), out var tsig);

        var expected = Expected(shape, edns);
        outcome.Should().Be(new AnswerOutcome(expected.Length + (signed && shape != Shape.Truncated ? Signature : 0), AnswerCategory.Update, 5, 6, shape == Shape.Truncated), scenario);
        outcome.Length.Should().BeLessThanOrEqualTo(limit, scenario);
        if (!signed || shape == Shape.Truncated)
        {
            response[..outcome.Length].Should().Equal(expected, scenario);
            return;
        }

        // RFC 8945 §4.3.2: the MAC covers the answer as it was before the TSIG record, ARCOUNT without it.
        var unsigned = response[..expected.Length];
        unsigned[11]--;
        unsigned.Should().Equal(expected, scenario);
        var record = ResponseTsig.Read(response.AsSpan(0, outcome.Length), expected.Length);
        record.Mac.Should().Equal(ResponseTsig.ExpectedMac(tsig!.Mac, expected, "acme-key", record), scenario);
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void The_answer_echoes_the_opcode_and_rd_and_no_other_flag(string scenario, ushort requestFlags, ushort flags)
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];

        var outcome = Write(Request(requestFlags, edns: false, signed: false), response, 512, UpdateResult.Refused(Reason), out _);

        response[..outcome.Length].Should().Equal([0x12, 0x34, (byte)(flags >> 8), (byte)flags, 0, 1, 0, 0, 0, 0, 0, 0, .. Zone], scenario);
    }

    [Fact]
    public void The_truncated_answer_keeps_the_id_the_echoed_flags_and_the_rcode()
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];

        var outcome = Write(Request(0x2900, edns: true, signed: false), response, 28, new UpdateResult(ResponseCode.NotAuthorized, ExtendedDnsError.NotAuthoritative, "example.org is not a zone served here"), out _);

        outcome.Truncated.Should().BeTrue();
        response[..outcome.Length].Should().Equal([0x12, 0x34, 0xAB, 0x09, 0, 0, 0, 0, 0, 0, 0, 0]);
        ResponseHeader.Read(response).Truncated.Should().BeTrue();
    }

    /// <summary>An UPDATE of cert.example.com, ID 0x1234, with <paramref name="flags"/>; with an OPT record of 1232 bytes, and signed with acme-key, if asked.</summary>
    private static byte[] Request(ushort flags, bool edns, bool signed)
    {
        byte[] unsigned =
        [
            0x12, 0x34, (byte)(flags >> 8), (byte)flags, 0, 1, 0, 0, 0, 0, 0, (byte)(edns ? 1 : 0), .. Zone,
            .. edns ? [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0] : Array.Empty<byte>(),
        ];
        return signed ? new SignedMessage(unsigned).Build() : unsigned;
    }

    /// <summary>Parses the request as the answer engine does, verifies its TSIG if it has one, and writes the answer.</summary>
    private static AnswerOutcome Write(byte[] request, byte[] response, int limit, UpdateResult result, out TsigRequest? tsig)
    {
        var nameWire = new byte[QueryParser.MaxNameLength];
        QueryParser.Parse(request, nameWire, new char[QueryParser.MaxNameLength], out var query).Should().Be(ParseOutcome.Query);
        tsig = null;
        if (query.TsigOffset >= 0)
        {
            TransactionSignature.TryRead(request, query.TsigOffset, out tsig).Should().BeTrue();
            TransactionSignature.Verify(request, query.TsigOffset, tsig!, CapturedSignatures.Keys(TsigAlgorithm.HmacSha256), SignedMessage.Now, out _).Should().Be(TsigError.NoError);
        }

        var reply = new UpdateReply(response, in query, nameWire.AsSpan(0, query.NameWireLength), 1232, limit, SignedMessage.Now);
        return reply.Write(result, tsig, TsigError.NoError, AnswerCategory.Update);
    }

    /// <summary>The answer before any TSIG record, REFUSED with EDE 18 (Prohibited), written out from the RFCs.</summary>
    private static byte[] Expected(Shape shape, bool edns)
    {
        if (shape == Shape.Truncated)
        {
            return [0x12, 0x34, 0xAA, 0x05, 0, 0, 0, 0, 0, 0, 0, 0];
        }

        var text = shape == Shape.Whole ? System.Text.Encoding.ASCII.GetBytes(Reason) : [];
        byte[] opt = [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, (byte)(6 + text.Length), 0, 15, 0, (byte)(2 + text.Length), 0, 18, .. text];
        var withZone = shape != Shape.WithoutZone;
        return
        [
            0x12, 0x34, 0xA8, 0x05, 0, (byte)(withZone ? 1 : 0), 0, 0, 0, 0, 0, (byte)(edns ? 1 : 0),
            .. withZone ? Zone : [], .. edns ? opt : [],
        ];
    }
}
