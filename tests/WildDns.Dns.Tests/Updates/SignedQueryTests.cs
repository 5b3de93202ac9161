using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// Queries signed with a TSIG key, as ACME clients send them to find the zone (RFC 8945 §5.3): the answer is signed with
/// the same key and fits the UDP limit with its signature, a signature that cannot be checked gets FORMERR or NOTAUTH,
/// and a query may be asked again, since only UPDATEs are kept from replay.
/// </summary>
public sealed class SignedQueryTests
{
    /// <summary>The longest key name there is: 255 octets on the wire.</summary>
    private static readonly string LongestKey = string.Join('.', new string('k', 63), new string('e', 63), new string('y', 63), new string('s', 61));

    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    /// <summary>(case, the name asked for, TXT or SOA, over TCP, the answers expected, whether TC is set).</summary>
    public static TheoryData<string, string, ushort, bool, int, bool> Answers => new()
    {
        { "the zone's SOA over UDP", "cert.example.com", 6, false, 1, false },
        { "900 bytes of values over UDP without EDNS: cut, and signed", PublishedChallenges.MediumName, 16, false, 0, true },
        { "900 bytes of values over TCP: whole, and signed", PublishedChallenges.MediumName, 16, true, 15, false },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_answer_to_a_signed_query_is_signed_with_its_key_within_the_size_limit(string scenario, string name, ushort type, bool overTcp, int answers, bool truncated)
    {
        var keys = CapturedSignatures.Keys(TsigAlgorithm.HmacSha256);
        var engine = Engine(keys);
        var query = SignedMessage.Query(name, type).Build();
        var request = TsigVerifyTests.Read(query);
        request.Key = keys.Find("acme-key");

        var outcome = engine.Answer(query, response, overTcp);

        outcome.ResponseCode.Should().Be(0, scenario);
        outcome.Truncated.Should().Be(truncated, scenario);
        var header = ResponseHeader.Read(response);
        (header.Answers, header.Truncated, header.Authoritative, header.Additionals).Should().Be(((ushort)answers, truncated, true, (ushort)1), scenario);
        outcome.Length.Should().BeLessThanOrEqualTo(overTcp ? 65535 : 512, scenario);
        var unsignedLength = outcome.Length - TransactionSignature.SizeOf(request, TsigError.NoError);
        var unsigned = response[..unsignedLength];
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(header.Additionals - 1));
        var record = ResponseTsig.Read(response.AsSpan(0, outcome.Length), unsignedLength);
        record.Error.Should().Be(0);
        record.Mac.Should().Equal(ResponseTsig.ExpectedMac(request.Mac, unsigned, "acme-key", record), scenario);
    }

    [Fact]
    public void A_signed_answer_that_cannot_fit_even_cut_is_a_bare_truncated_header()
    {
        var keys = new TsigKeyRing([new TsigKey(LongestKey, TsigAlgorithm.HmacSha256, CapturedSignatures.Secret)]);
        var longestName = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 44)) + ".cert.example.com";
        var query = (SignedMessage.Query(longestName, 16) with { KeyName = LongestKey }).Build();

        var udp = Engine(keys).Answer(query, response, overTcp: false);

        udp.Truncated.Should().BeTrue();
        udp.Length.Should().Be(12);
        var header = ResponseHeader.Read(response);
        (header.Truncated, header.Questions, header.Additionals, header.ResponseCode).Should().Be((true, (ushort)0, (ushort)0, 0));
        var tcp = Engine(keys).Answer(query, response, overTcp: true);
        tcp.Truncated.Should().BeFalse();
        ResponseHeader.Read(response).Additionals.Should().Be(1, "over TCP the signed answer fits");
    }

    /// <summary>(case, bytes the signed answer would take beyond the EDNS size asked for, whether it is cut).</summary>
    public static TheoryData<string, int, bool> Edges => new()
    {
        { "answer and signature fill the size exactly: signed whole", 0, false },
        { "one byte more: cut", 1, true },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void A_signed_answer_over_udp_is_cut_only_when_answer_and_signature_pass_the_size_asked_for(string scenario, int over, bool truncated)
    {
        var keys = CapturedSignatures.Keys(TsigAlgorithm.HmacSha256);
        var signature = TransactionSignature.SizeOf(TsigVerifyTests.Read(SignedMessage.Query().Build()), TsigError.NoError) + keys.Find("acme-key")!.MacLength;
        var unsigned = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new PublishedChallenges());
        var plain = unsigned.Answer(new QueryBuilder(PublishedChallenges.MediumName, 16) { Edns = new EdnsSettings(4096) }.Build(), response, overTcp: false).Length;
        var size = (ushort)(plain + signature - over);
        var query = new SignedMessage(new QueryBuilder(PublishedChallenges.MediumName, 16) { Edns = new EdnsSettings(size) }.Build()).Build();

        var outcome = Engine(keys).Answer(query, response, overTcp: false);

        outcome.Truncated.Should().Be(truncated, scenario);
        outcome.Length.Should().Be(truncated ? 12 + PublishedChallenges.MediumName.Length + 2 + 4 + 11 + signature : size, scenario);
        ResponseHeader.Read(response).Additionals.Should().Be(2, "the OPT record and the signature, either way");
    }

    /// <summary>(case, how the TSIG record is spoiled, the rcode, the category).</summary>
    public static TheoryData<string, string, int, AnswerCategory> Spoiled => new()
    {
        { "a TSIG record with a TTL: FORMERR", "ttl", 1, AnswerCategory.Malformed },
        { "a MAC of 8 octets: FORMERR (RFC 8945 §5.2.2.1)", "short mac", 1, AnswerCategory.Malformed },
        { "an unknown key on a query: NOTAUTH, refused", "unknown key", 9, AnswerCategory.Refused },
    };

    [Theory]
    [MemberData(nameof(Spoiled))]
    public void A_signature_that_cannot_be_checked_is_answered_by_its_error(string scenario, string spoil, int rcode, AnswerCategory category)
    {
        var signed = SignedMessage.Query() with { MacLength = spoil == "short mac" ? 8 : null, KeyName = spoil == "unknown key" ? "other-key" : "acme-key" };
        var query = signed.Build();
        if (spoil == "ttl")
        {
            // The TTL's last octet: after the key name (10 octets), type and class.
            query[signed.TsigOffset + 10 + 4 + 3] = 1;
        }

        var outcome = Engine(CapturedSignatures.Keys(TsigAlgorithm.HmacSha256)).Answer(query, response, overTcp: false);

        (outcome.ResponseCode, outcome.Category).Should().Be((rcode, category), scenario);
    }

    [Fact]
    public void An_unknown_key_on_an_update_is_counted_as_an_update()
    {
        var update = SignedUpdates.Add("_acme-challenge.abc.cert.example.com", SignedUpdates.NewValue());
        var outcome = Engine(CapturedSignatures.Keys(TsigAlgorithm.HmacSha256), TimeProvider.System).Answer(update, response, overTcp: false);

        (outcome.ResponseCode, outcome.Category).Should().Be((9, AnswerCategory.Update));
    }

    [Fact]
    public void The_same_signed_query_may_be_asked_again()
    {
        var engine = Engine(CapturedSignatures.Keys(TsigAlgorithm.HmacSha256));
        var query = SignedMessage.Query().Build();

        engine.Answer(query, response, overTcp: false).ResponseCode.Should().Be(0);
        engine.Answer(query, response, overTcp: false).ResponseCode.Should().Be(0, "only UPDATEs are kept from replay");
    }

    private static AnswerEngine Engine(TsigKeyRing keys, TimeProvider? time = null)
    {
        var store = new ChallengeStoreDouble();
        return new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new PublishedChallenges(), new UpdateResponder(keys, store, store, time ?? new SignedMessageClock()));
    }
}
