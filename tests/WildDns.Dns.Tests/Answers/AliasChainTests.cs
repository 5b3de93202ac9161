using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// RFC 1034 §4.3.2 step 3a: a CNAME (synthesized or from a zone file) whose target lies in a served zone gets the
/// target's records in the same answer, link by link, bounded and stopping at loops, so that a forwarder that passes
/// a bare CNAME on (dnsmasq, Pi-hole) still hands out an address. Expected answers are zone-file text.
/// </summary>
public sealed class AliasChainTests
{
    /// <summary>A second served zone with static aliases into itself, into the synthesized zone, outward, and in circles.</summary>
    private const string AliasZone = """
        $ORIGIN alias.example.net.
        $TTL 300
        @       IN SOA ns1.alias.example.net. hostmaster.example.net. 7 7200 900 1209600 60
        @       IN NS  ns1.alias.example.net.
        ns1     IN A     192.0.2.1
        pacs    IN A     10.0.0.7
        pacs    IN AAAA  fd00::7
        www     IN CNAME pacs.alias.example.net.
        two     IN CNAME www.alias.example.net.
        device  IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
        v6      IN CNAME fd00--1.cald5f5f7ba45.cert.example.com.
        _acme-challenge.dev IN CNAME _acme-challenge.cald5f5f7ba45.cert.example.com.
        away    IN CNAME www.example.org.
        gone    IN CNAME nothing.cald5f5f7ba45.client-abc.cert.example.com.
        self    IN CNAME self.alias.example.net.
        loop1   IN CNAME loop2.alias.example.net.
        loop2   IN CNAME LOOP1.alias.example.net.
        l1      IN CNAME l2.alias.example.net.
        l2      IN CNAME l3.alias.example.net.
        l3      IN CNAME l4.alias.example.net.
        l4      IN CNAME l5.alias.example.net.
        l5      IN CNAME l6.alias.example.net.
        l6      IN CNAME l7.alias.example.net.
        l7      IN CNAME l8.alias.example.net.
        l8      IN CNAME l9.alias.example.net.
        l9      IN CNAME l10.alias.example.net.
        l10     IN CNAME pacs.alias.example.net.
        p1      IN PTR   p2.alias.example.net.
        p2      IN PTR   p3.alias.example.net.
        toptr   IN CNAME p1.alias.example.net.
        syn     IN CNAME www--alias--example--net.cald5f5f7ba45.cert.example.com.
        apex    IN CNAME alias.example.net.
        """;

    private const string Synthesized = "192-168-2-1--cald5f5f7ba45--cert--example--com.cald5f5f7ba45.cname.cert.example.com";

    private readonly AnswerEngine engine = new(ShippedZones.Load(("alias.example.net", AliasZone)), new AnswerOptions(), new PublishedChallenges());

    public static TheoryData<string, string, RecordType, string> Rows() => new()
    {
        {
            "synthesized alias to a synthesized address, A: CNAME and A", Synthesized, RecordType.A, $"""
            {Synthesized}. 3600 IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
            192-168-2-1.cald5f5f7ba45.cert.example.com. 3600 IN A 192.168.2.1
            """
        },
        {
            "synthesized alias to a synthesized address, AAAA: the CNAME alone (the target has no AAAA)", Synthesized, RecordType.Aaaa, $"""
            {Synthesized}. 3600 IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
            """
        },
        {
            "synthesized alias, CNAME asked for: not followed", Synthesized, RecordType.CName, $"""
            {Synthesized}. 3600 IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
            """
        },
        {
            "synthesized alias, ANY: not followed", Synthesized, RecordType.Any, $"""
            {Synthesized}. 3600 IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
            """
        },
        {
            "synthesized alias to static name server glue", "ns1--cert--example--com.cald5f5f7ba45.cname.cert.example.com", RecordType.A, """
            ns1--cert--example--com.cald5f5f7ba45.cname.cert.example.com. 3600 IN CNAME ns1.cert.example.com.
            ns1.cert.example.com. 3600 IN A 192.0.2.53
            """
        },
        {
            "synthesized alias in the sender's case to a static chain in another zone", "WWW--alias--example--NET.Cald5f5f7ba45.cert.example.com", RecordType.Aaaa, """
            WWW--alias--example--NET.Cald5f5f7ba45.cert.example.com. 3600 IN CNAME www.alias.example.net.
            www.alias.example.net. 300 IN CNAME pacs.alias.example.net.
            pacs.alias.example.net. 300 IN AAAA fd00::7
            """
        },
        {
            "synthesized alias outside every zone: not followed", "pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com", RecordType.A, """
            pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com. 3600 IN CNAME pacs.hospital-abc.com.
            """
        },
        {
            "static alias to a static address", "www.alias.example.net", RecordType.A, """
            www.alias.example.net. 300 IN CNAME pacs.alias.example.net.
            pacs.alias.example.net. 300 IN A 10.0.0.7
            """
        },
        {
            "static alias of a static alias", "two.alias.example.net", RecordType.A, """
            two.alias.example.net. 300 IN CNAME www.alias.example.net.
            www.alias.example.net. 300 IN CNAME pacs.alias.example.net.
            pacs.alias.example.net. 300 IN A 10.0.0.7
            """
        },
        {
            "static alias to a synthesized IPv4 address", "device.alias.example.net", RecordType.A, """
            device.alias.example.net. 300 IN CNAME 192-168-2-1.cald5f5f7ba45.cert.example.com.
            192-168-2-1.cald5f5f7ba45.cert.example.com. 3600 IN A 192.168.2.1
            """
        },
        {
            "static alias to a synthesized IPv6 address", "v6.alias.example.net", RecordType.Aaaa, """
            v6.alias.example.net. 300 IN CNAME fd00--1.cald5f5f7ba45.cert.example.com.
            fd00--1.cald5f5f7ba45.cert.example.com. 3600 IN AAAA fd00::1
            """
        },
        {
            "static alias to a challenge name: the published values", "_acme-challenge.dev.alias.example.net", RecordType.Txt, """
            _acme-challenge.dev.alias.example.net. 300 IN CNAME _acme-challenge.cald5f5f7ba45.cert.example.com.
            _acme-challenge.cald5f5f7ba45.cert.example.com. 60 IN TXT "FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A"
            _acme-challenge.cald5f5f7ba45.cert.example.com. 60 IN TXT "Zq9WmT3xYp0LkNv7HsR2cJdF5gBaEu1Io8QtVy4Xw6E"
            """
        },
        {
            "static alias outside every zone: not followed", "away.alias.example.net", RecordType.A, """
            away.alias.example.net. 300 IN CNAME www.example.org.
            """
        },
        {
            "static alias to a name that does not exist: the CNAME alone", "gone.alias.example.net", RecordType.A, """
            gone.alias.example.net. 300 IN CNAME nothing.cald5f5f7ba45.client-abc.cert.example.com.
            """
        },
        {
            "alias to itself: one CNAME", "self.alias.example.net", RecordType.A, """
            self.alias.example.net. 300 IN CNAME self.alias.example.net.
            """
        },
        {
            "two aliases in a circle, in any letter case: each once", "loop1.alias.example.net", RecordType.A, """
            loop1.alias.example.net. 300 IN CNAME loop2.alias.example.net.
            loop2.alias.example.net. 300 IN CNAME LOOP1.alias.example.net.
            """
        },
        {
            "a PTR whose target has a PTR: not followed, only a CNAME is", "p1.alias.example.net", RecordType.Ptr, """
            p1.alias.example.net. 300 IN PTR p2.alias.example.net.
            """
        },
        {
            "static alias to a PTR whose target has a PTR: the chain ends at the PTR", "toptr.alias.example.net", RecordType.Ptr, """
            toptr.alias.example.net. 300 IN CNAME p1.alias.example.net.
            p1.alias.example.net. 300 IN PTR p2.alias.example.net.
            """
        },
        {
            "static alias to a synthesized alias to a static chain", "syn.alias.example.net", RecordType.A, """
            syn.alias.example.net. 300 IN CNAME www--alias--example--net.cald5f5f7ba45.cert.example.com.
            www--alias--example--net.cald5f5f7ba45.cert.example.com. 3600 IN CNAME www.alias.example.net.
            www.alias.example.net. 300 IN CNAME pacs.alias.example.net.
            pacs.alias.example.net. 300 IN A 10.0.0.7
            """
        },
        {
            "a chain of ten: followed for eight links, then left to the resolver", "l1.alias.example.net", RecordType.A, """
            l1.alias.example.net. 300 IN CNAME l2.alias.example.net.
            l2.alias.example.net. 300 IN CNAME l3.alias.example.net.
            l3.alias.example.net. 300 IN CNAME l4.alias.example.net.
            l4.alias.example.net. 300 IN CNAME l5.alias.example.net.
            l5.alias.example.net. 300 IN CNAME l6.alias.example.net.
            l6.alias.example.net. 300 IN CNAME l7.alias.example.net.
            l7.alias.example.net. 300 IN CNAME l8.alias.example.net.
            l8.alias.example.net. 300 IN CNAME l9.alias.example.net.
            l9.alias.example.net. 300 IN CNAME l10.alias.example.net.
            """
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void AliasWithATargetInAServedZone_CarriesTheTargetsRecords(string scenario, string name, RecordType type, string answer)
    {
        var response = Ask(name, type);

        response.ReturnCode.Should().Be(ReturnCode.NoError, scenario);
        response.IsAuthoritiveAnswer.Should().BeTrue();
        RecordText.FromMessage(response.AnswerRecords).Should().Equal(RecordText.FromZoneFile(answer.Split('\n')), scenario);
        response.AuthorityRecords.Should().BeEmpty();
    }

    [Fact]
    public void An_alias_to_a_zone_apex_gives_the_soa_with_the_serial_that_counts_the_challenges()
    {
        var withSerial = new AnswerEngine(ShippedZones.Load(("alias.example.net", AliasZone)), new AnswerOptions(), new PublishedChallenges { Serial = 1000 });

        var response = Ask(withSerial, "apex.alias.example.net", RecordType.Soa);

        RecordText.FromMessage(response.AnswerRecords).Should().Equal(RecordText.FromZoneFile("""
            apex.alias.example.net. 300 IN CNAME alias.example.net.
            alias.example.net. 300 IN SOA ns1.alias.example.net. hostmaster.example.net. 1007 7200 900 1209600 60
            """.Split('\n')));
    }

    /// <summary>
    /// (case, bytes beyond the largest message the whole chain would take, the answers expected over TCP). A target set
    /// that cannot join the answer is left for the resolver to ask for, rather than turning the alias into SERVFAIL.
    /// </summary>
    public static TheoryData<string, int, int> Sizes => new()
    {
        { "a target set that fills the message to its last byte joins the answer", 0, 1 + FittingRecords },
        { "a target set one byte too large is left out", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_target_set_joins_the_answer_only_when_the_whole_message_stays_within_65535_bytes(string scenario, int over, int answers)
    {
        var sized = new AnswerEngine(ShippedZones.Load(("fit.test", FitZone(over))), new AnswerOptions());
        var query = new QueryBuilder("a.fit.test", (ushort)RecordType.Txt).Build();
        var response = new byte[AnswerEngine.ResponseBufferSize];

        var outcome = sized.Answer(query, response, overTcp: true);

        outcome.ResponseCode.Should().Be(0, scenario);
        ResponseHeader.Read(response).Answers.Should().Be((ushort)answers, scenario);
        outcome.Length.Should().Be(answers == 1 ? 54 : 65535, scenario);
    }

    [Theory]
    [InlineData("synthesized alias to a synthesized address", Synthesized)]
    [InlineData("static alias of a static alias", "two.alias.example.net")]
    [InlineData("a chain of ten", "l1.alias.example.net")]
    [InlineData("two aliases in a circle", "loop1.alias.example.net")]
    public void FollowingAChain_AllocatesNothing(string scenario, string name)
    {
        var query = new QueryBuilder(name) { Edns = new EdnsSettings() }.Build();
        var response = new byte[AnswerEngine.ResponseBufferSize];
        engine.Answer(query, response, overTcp: false);

        SteadyAllocation.BytesPerRound(() => engine.Answer(query, response, overTcp: false)).Should().Be(0, scenario);
    }

    /// <summary>How many TXT records the alias target in <see cref="FitZone"/> holds.</summary>
    private const int FittingRecords = 259;

    /// <summary>
    /// A zone where <c>a.fit.test</c> is an alias of a TXT set that makes the answer <paramref name="over"/> bytes longer
    /// than 65535: 54 bytes of header, question (12 + 4) and CNAME (2 + 10 + 14), then 13 + n bytes a record of n characters.
    /// </summary>
    private static string FitZone(int over)
    {
        var lengths = Enumerable.Repeat(240, FittingRecords - 2).Concat([217, 217 + over]).ToArray();
        (54 + lengths.Sum(n => 13 + n)).Should().Be(65535 + over);
        return "$TTL 300\n@ IN SOA ns.fit.test. hostmaster.fit.test. 1 3600 600 86400 30\n@ IN NS ns\nns IN A 192.0.2.1\na IN CNAME big.fit.test.\n"
            + string.Concat(lengths.Select((n, i) => $"big IN TXT \"{i:D4}{new string('x', n - 4)}\"\n"));
    }

    private static DnsMessage Ask(AnswerEngine engine, string name, RecordType type)
    {
        var query = new QueryBuilder(name, (ushort)type) { Edns = new EdnsSettings() }.Build();
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var length = engine.Answer(query, response, overTcp: false).Length;
        return DnsMessage.Parse(new ArraySegment<byte>(response, 0, length));
    }

    private DnsMessage Ask(string name, RecordType type) => Ask(engine, name, type);
}
