using FluentAssertions;
using WildDns.Core.Challenges;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// RFC 2136 UPDATE as a table, in process at a fixed clock: the zone section, each prerequisite kind (§2.4), each update
/// kind (§2.5) and this server's policy, each a signed message in and a response code and store contents out.
/// </summary>
public sealed class UpdateTableTests
{
    private const string Name = "_acme-challenge.abc.cert.example.com";
    private const string Published = "FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A";
    private const string Value = "YhbC0Yb4dGh0bWu7mD-yb8EPMA_aqMS6rCZkBRgeb4M";

    private static readonly byte[] PublishedData = [43, .. System.Text.Encoding.ASCII.GetBytes(Published)];
    private static readonly byte[] ValueData = [43, .. System.Text.Encoding.ASCII.GetBytes(Value)];

    /// <summary>(case, zone, prerequisites, updates, expected rcode, values at <see cref="Name"/> afterwards).</summary>
    public static TheoryData<string, string, Rr[], Rr[], int, string[]> Cases => new()
    {
        { "add a value", "cert.example.com", [], [new(Name, 16, 1, 60, ValueData)], 0, [Published, Value] },
        { "add the published value again: a refresh", "cert.example.com", [], [new(Name, 16, 1, 60, PublishedData)], 0, [Published] },
        { "delete the TXT set", "cert.example.com", [], [new(Name, 16, 255, 0, [])], 0, [] },
        { "delete every record at the name", "cert.example.com", [], [new(Name, 255, 255, 0, [])], 0, [] },
        { "delete one value", "cert.example.com", [], [new(Name, 16, 254, 0, PublishedData)], 0, [] },
        { "delete a value that is not there", "cert.example.com", [], [new(Name, 16, 254, 0, ValueData)], 0, [Published] },
        { "delete then add in one message", "cert.example.com", [], [new(Name, 16, 255, 0, []), new(Name, 16, 1, 60, ValueData)], 0, [Value] },
        { "add then delete the TXT set in one message", "cert.example.com", [], [new(Name, 16, 1, 60, ValueData), new(Name, 16, 255, 0, [])], 0, [] },
        { "add then delete that value in one message", "cert.example.com", [], [new(Name, 16, 1, 60, ValueData), new(Name, 16, 254, 0, ValueData)], 0, [Published] },
        { "a zone not served here: NOTAUTH", "example.org", [], [new(Name, 16, 1, 60, ValueData)], 9, [Published] },
        { "name in use, and it is", "cert.example.com", [new(Name, 255, 255, 0, [])], [new(Name, 16, 1, 60, ValueData)], 0, [Published, Value] },
        { "name in use, and it is not: NXDOMAIN", "cert.example.com", [new("_acme-challenge.x.cert.example.com", 255, 255, 0, [])], [], 3, [Published] },
        { "name not in use, and it is: YXDOMAIN", "cert.example.com", [new(Name, 255, 254, 0, [])], [], 6, [Published] },
        { "name not in use, and it is not", "cert.example.com", [new("_acme-challenge.x.cert.example.com", 255, 254, 0, [])], [], 0, [Published] },
        { "a synthesized address is a name in use", "cert.example.com", [new("10-1-2-3.abc.cert.example.com", 255, 255, 0, [])], [], 0, [Published] },
        { "an address under the cname label is not in use", "cert.example.com", [new("10-1-2-3.abc.cname.cert.example.com", 255, 255, 0, [])], [], 3, [Published] },
        { "a synthesized alias is a name in use", "cert.example.com", [new("www--example--com.abc.cert.example.com", 255, 255, 0, [])], [], 0, [Published] },
        { "a synthesized IPv6 address is a name in use", "cert.example.com", [new("fd00--1.abc.cert.example.com", 255, 255, 0, [])], [], 0, [Published] },
        { "a static name is in use", "cert.example.com", [new("ns1.cert.example.com", 255, 255, 0, [])], [], 0, [Published] },
        { "TXT set exists, and it does", "cert.example.com", [new(Name, 16, 255, 0, [])], [], 0, [Published] },
        { "TXT set exists, and it does not: NXRRSET", "cert.example.com", [new("_acme-challenge.x.cert.example.com", 16, 255, 0, [])], [], 8, [Published] },
        { "TXT set does not exist, and it does: YXRRSET", "cert.example.com", [new(Name, 16, 254, 0, [])], [], 7, [Published] },
        { "the static NS set exists", "cert.example.com", [new("cert.example.com", 2, 255, 0, [])], [], 0, [Published] },
        { "a synthesized A set exists", "cert.example.com", [new("10-1-2-3.abc.cert.example.com", 1, 255, 0, [])], [], 0, [Published] },
        { "a synthesized AAAA set does not exist at an IPv4 name", "cert.example.com", [new("10-1-2-3.abc.cert.example.com", 28, 254, 0, [])], [], 0, [Published] },
        { "a synthesized CNAME set exists", "cert.example.com", [new("www--example--com.abc.cert.example.com", 5, 255, 0, [])], [], 0, [Published] },
        { "the TXT set is exactly this value", "cert.example.com", [new(Name, 16, 1, 0, PublishedData)], [], 0, [Published] },
        { "the TXT set is exactly this value, twice listed", "cert.example.com", [new(Name, 16, 1, 0, PublishedData), new(Name, 16, 1, 0, PublishedData)], [], 0, [Published] },
        { "the TXT set is another value: NXRRSET", "cert.example.com", [new(Name, 16, 1, 0, ValueData)], [], 8, [Published] },
        { "the TXT set is two values, one missing: NXRRSET", "cert.example.com", [new(Name, 16, 1, 0, PublishedData), new(Name, 16, 1, 0, ValueData)], [], 8, [Published] },
        { "the static A glue is exactly this address", "cert.example.com", [new("ns1.cert.example.com", 1, 1, 0, [192, 0, 2, 53])], [], 0, [Published] },
        { "the synthesized A set is exactly this address", "cert.example.com", [new("10-1-2-3.abc.cert.example.com", 1, 1, 0, [10, 1, 2, 3])], [], 0, [Published] },
        { "a prerequisite with a TTL: FORMERR", "cert.example.com", [new(Name, 16, 255, 60, [])], [], 1, [Published] },
        { "a prerequisite of class ANY with data: FORMERR", "cert.example.com", [new(Name, 16, 255, 0, [1])], [], 1, [Published] },
        { "a prerequisite of class CH: FORMERR", "cert.example.com", [new(Name, 16, 3, 0, [])], [], 1, [Published] },
        { "a prerequisite outside the zone: NOTZONE", "cert.example.com", [new("_acme-challenge.example.org", 16, 255, 0, [])], [], 10, [Published] },
        { "a prerequisite at a name ending like the zone: NOTZONE", "cert.example.com", [new("xcert.example.com", 16, 255, 0, [])], [], 10, [Published] },
        { "an update outside the zone: NOTZONE", "cert.example.com", [], [new("_acme-challenge.abc.example.org", 16, 1, 60, ValueData)], 10, [Published] },
        { "an update of type AXFR: FORMERR", "cert.example.com", [], [new(Name, 252, 1, 60, ValueData)], 1, [Published] },
        { "an update of type OPT: FORMERR", "cert.example.com", [], [new(Name, 41, 1, 60, ValueData)], 1, [Published] },
        { "an update of type TKEY: FORMERR", "cert.example.com", [], [new(Name, 249, 1, 60, ValueData)], 1, [Published] },
        { "an update of type TSIG: FORMERR", "cert.example.com", [], [new(Name, 250, 1, 60, ValueData)], 1, [Published] },
        { "an update of type IXFR: FORMERR", "cert.example.com", [], [new(Name, 251, 1, 60, ValueData)], 1, [Published] },
        { "an update of type MAILB: FORMERR", "cert.example.com", [], [new(Name, 253, 1, 60, ValueData)], 1, [Published] },
        { "an update of type MAILA: FORMERR", "cert.example.com", [], [new(Name, 254, 1, 60, ValueData)], 1, [Published] },
        { "an update of type ANY in class IN: FORMERR", "cert.example.com", [], [new(Name, 255, 1, 60, ValueData)], 1, [Published] },
        { "an update at a name of another zone, one label longer: NOTZONE", "cert.example.com", [], [new("ns1.cert.example.net", 16, 1, 60, ValueData)], 10, [Published] },
        { "delete the A set at a challenge name: REFUSED", "cert.example.com", [], [new(Name, 1, 255, 0, [])], 5, [Published] },
        { "a delete of class ANY with a TTL: FORMERR", "cert.example.com", [], [new(Name, 16, 255, 60, [])], 1, [Published] },
        { "a delete of class ANY with data: FORMERR", "cert.example.com", [], [new(Name, 16, 255, 0, PublishedData)], 1, [Published] },
        { "a delete of class ANY of a meta type: FORMERR", "cert.example.com", [], [new(Name, 252, 255, 0, [])], 1, [Published] },
        { "a delete of class NONE with a TTL: FORMERR", "cert.example.com", [], [new(Name, 16, 254, 60, PublishedData)], 1, [Published] },
        { "a delete of class NONE of a meta type: FORMERR", "cert.example.com", [], [new(Name, 255, 254, 0, [])], 1, [Published] },
        { "an update of class CH: FORMERR", "cert.example.com", [], [new(Name, 16, 3, 60, ValueData)], 1, [Published] },
        { "a name that is no challenge name: REFUSED", "cert.example.com", [], [new("www.abc.cert.example.com", 16, 1, 60, ValueData)], 5, [Published] },
        { "the zone apex's challenge name: REFUSED", "cert.example.com", [], [new("_acme-challenge.cert.example.com", 16, 1, 60, ValueData)], 5, [Published] },
        { "an A record at a challenge name: REFUSED", "cert.example.com", [], [new(Name, 1, 1, 60, [1, 2, 3, 4])], 5, [Published] },
        { "a value that is no DNS-01 digest: REFUSED", "cert.example.com", [], [new(Name, 16, 1, 60, [3, (byte)'a', (byte)'b', (byte)'c'])], 5, [Published] },
        { "two strings in one TXT: REFUSED", "cert.example.com", [], [new(Name, 16, 1, 60, [.. ValueData, 1, (byte)'x'])], 5, [Published] },
        { "a refused second update leaves the first undone", "cert.example.com", [], [new(Name, 16, 1, 60, ValueData), new("www.abc.cert.example.com", 16, 1, 60, ValueData)], 5, [Published] },
        { "a third value at one name: REFUSED whole", "cert.example.com", [], [new(Name, 16, 1, 60, ValueData), new(Name, 16, 1, 60, [43, .. new string('Q', 42).Select(c => (byte)c), (byte)'A'])], 5, [Published] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_update_gets_its_rcode_and_leaves_the_values_it_says(string scenario, string zone, Rr[] prerequisites, Rr[] updates, int rcode, string[] after)
    {
        var (store, engine) = Server();

        var outcome = engine.Answer(Signed(Message(zone, 6, prerequisites, updates)), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        outcome.ResponseCode.Should().Be(rcode, scenario);
        outcome.Category.Should().Be(AnswerCategory.Update);
        store.Find(Name).ToArray().Should().Equal(after, scenario);
    }

    /// <summary>(case, zone, updates, the rcode, words the Extended DNS Error must carry, RFC 8914).</summary>
    public static TheoryData<string, string, Rr[], int, string> Reasons => new()
    {
        { "a zone not served here", "example.org", [new(Name, 16, 1, 60, ValueData)], 9, "example.org is not a zone served here (cert.example.com" },
        { "the zone apex's challenge name", "cert.example.com", [new("_acme-challenge.cert.example.com", 16, 1, 60, ValueData)], 5, "_acme-challenge.cert.example.com is the challenge name of the zone apex; a value there would authorise a certificate for all of cert.example.com" },
        { "a static name's challenge name", "cert.example.com", [new("_acme-challenge.ns1.cert.example.com", 16, 1, 60, ValueData)], 5, "_acme-challenge.ns1.cert.example.com is the challenge name of a name in the zone files" },
        { "no challenge name", "cert.example.com", [new("www.abc.cert.example.com", 16, 1, 60, ValueData)], 5, "www.abc.cert.example.com is not a challenge name: only TXT records at _acme-challenge.<scope>.cert.example.com may be changed" },
        { "an A record", "cert.example.com", [new(Name, 1, 1, 60, [1, 2, 3, 4])], 5, $"only TXT records may be changed; type 1 at {Name} was refused" },
        { "no DNS-01 digest", "cert.example.com", [new(Name, 16, 1, 60, [3, (byte)'a', (byte)'b', (byte)'c'])], 5, $"the TXT record at {Name} must hold one string of 43 base64url characters" },
        { "a third value", "cert.example.com", [new(Name, 16, 1, 60, ValueData), new(Name, 16, 1, 60, [43, .. new string('Q', 42).Select(c => (byte)c), (byte)'A'])], 5, $"{Name} would hold 3 values; at most 2 may be published at one name" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void A_refused_update_says_why_in_an_extended_dns_error(string scenario, string zone, Rr[] updates, int rcode, string reason)
    {
        var (_, engine) = Server();

        Text(engine, Message(zone, 6, [], updates), rcode, signed: true).Should().Contain(reason, scenario);
    }

    [Fact]
    public void A_scoped_key_is_told_its_scopes()
    {
        var store = new ChallengeStoreDouble();
        var keys = new TsigKeyRing([new TsigKey("acme-key", TsigAlgorithm.HmacSha256, CapturedSignatures.Secret, ["xyz.cert.example.com", "uvw.cert.example.com"])]);
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(keys, store, store, new SignedMessageClock()));

        Text(engine, Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]), 5, signed: true)
            .Should().Contain($"key acme-key may change only names within xyz.cert.example.com, uvw.cert.example.com; {Name} is outside them");
    }

    /// <summary>(case, the store's room for new values, updates, the rcode, the values afterwards).</summary>
    public static TheoryData<string, int, Rr[], int, string[]> Rooms => new()
    {
        { "no room: an added value is refused", 0, [new(Name, 16, 1, 60, ValueData)], 5, [Published] },
        { "no room: a value replacing another is taken", 0, [new(Name, 16, 254, 0, PublishedData), new(Name, 16, 1, 60, ValueData)], 0, [Value] },
        { "no room: a refresh is taken", 0, [new(Name, 16, 1, 60, PublishedData)], 0, [Published] },
        { "room for one: one added value is taken", 1, [new(Name, 16, 1, 60, ValueData)], 0, [Published, Value] },
    };

    [Theory]
    [MemberData(nameof(Rooms))]
    public void The_stores_room_counts_only_values_an_update_adds_on_balance(string scenario, int room, Rr[] updates, int rcode, string[] after)
    {
        var (store, engine) = Server();
        store.Room = room;

        var outcome = engine.Answer(Signed(Message("cert.example.com", 6, [], updates)), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        outcome.ResponseCode.Should().Be(rcode, scenario);
        store.Find(Name).ToArray().Should().Equal(after, scenario);
        if (rcode != 0)
        {
            Text(engine, Message("cert.example.com", 6, [], updates), rcode, signed: true).Should().Contain("holds the most challenge values it may have live at once");
        }
    }

    /// <summary>(case, what the store does when asked to publish, the rcode, words the answer carries, whether the exception goes to the transport).</summary>
    public static TheoryData<string, Exception?, ChallengeWriteOutcome?, int, string, bool> StoreFailures => new()
    {
        { "the database is unreachable", new ChallengeStoreUnavailableException("the challenge database is not reachable"), null, 2, "the challenge database is not reachable", false },
        { "the write is refused", new ChallengeWriteException("the challenge database refused the write"), null, 2, "the challenge database refused the write", false },
        { "the disk fails", new IOException("disk I/O error"), null, 2, "the change could not be stored; try again later", true },
        { "a concurrent publish filled the name", null, ChallengeWriteOutcome.NameFull, 2, "", false },
        { "a concurrent publish took the last room", null, ChallengeWriteOutcome.StoreFull, 5, "holds the most challenge values it may have live at once", false },
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void A_store_that_cannot_take_the_change_gets_an_answer_that_says_so(string scenario, Exception? failure, ChallengeWriteOutcome? outcome, int rcode, string reason, bool reported)
    {
        var (store, engine) = Server();
        store.PublishFailure = failure;
        store.PublishOutcome = outcome;
        var message = Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]);

        var answer = engine.Answer(Signed(message), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        answer.ResponseCode.Should().Be(rcode, scenario);
        (answer.Failure is not null).Should().Be(reported, scenario);
        var text = Text(engine, message, rcode, signed: true, id: 2);
        if (reason.Length > 0)
        {
            text.Should().Contain(reason, scenario);
        }
    }

    /// <summary>(case, the values the exact-set prerequisite lists, the rcode): the store holds the published value and another.</summary>
    public static TheoryData<string, string[], int> ExactSets => new()
    {
        { "both values", [Published, Value], 0 },
        { "both values in the other order", [Value, Published], 0 },
        { "one of them and a third", [Published, "Zq9WmT3xYp0LkNv7HsR2cJdF5gBaEu1Io8QtVy4Xw6E"], 8 },
        { "one of them only", [Published], 8 },
    };

    [Theory]
    [MemberData(nameof(ExactSets))]
    public void A_value_dependent_prerequisite_holds_only_for_the_whole_set(string scenario, string[] values, int rcode)
    {
        var (store, engine) = Server();
        store.Publish(Name, Value);
        Rr[] prerequisites = [.. values.Select(value => new Rr(Name, 16, 1, 0, [43, .. System.Text.Encoding.ASCII.GetBytes(value)]))];

        var outcome = engine.Answer(Signed(Message("cert.example.com", 6, prerequisites, [])), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        outcome.ResponseCode.Should().Be(rcode, scenario);
    }

    [Fact]
    public void A_zone_section_of_another_type_is_formerr_and_of_another_class_notauth()
    {
        var (_, engine) = Server();
        var response = new byte[AnswerEngine.ResponseBufferSize];

        engine.Answer(Signed(Message("cert.example.com", 1, [], [])), response, overTcp: false).ResponseCode.Should().Be(1);
        var chaos = Message("cert.example.com", 6, [], []);
        chaos[12 + 18 + 3] = 3;
        engine.Answer(Signed(chaos), response, overTcp: false).ResponseCode.Should().Be(9);
    }

    [Fact]
    public void An_update_whose_sections_are_cut_short_is_formerr_and_changes_nothing()
    {
        var (store, engine) = Server();
        var message = Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]);

        // Two updates claimed, one sent.
        message[9] = 2;

        engine.Answer(Signed(message), new byte[AnswerEngine.ResponseBufferSize], overTcp: false).ResponseCode.Should().Be(1);
        store.Find(Name).ToArray().Should().Equal(Published);
    }

    [Fact]
    public void An_update_whose_owner_points_forward_is_formerr_and_changes_nothing()
    {
        var (store, engine) = Server();
        var message = Message("cert.example.com", 6, [], [new("x", 16, 1, 60, ValueData)]);
        var owner = 12 + 18 + 4;

        // RFC 1035 §4.1.4: a pointer refers to a prior occurrence; this one points past itself.
        byte[] forward = [.. message[..owner], 0xC0, 0xFF, .. message[(owner + 3)..]];

        engine.Answer(Signed(forward), new byte[AnswerEngine.ResponseBufferSize], overTcp: false).ResponseCode.Should().Be(1);
        store.Find(Name).ToArray().Should().Equal(Published);
    }

    [Fact]
    public void An_unsigned_update_is_refused_and_says_why()
    {
        var (_, engine) = Server();
        var unkeyed = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new ChallengeStoreDouble(), new UpdateResponder(TsigKeyRing.Empty, new ChallengeStoreDouble(), new ChallengeStoreDouble(), TimeProvider.System));
        var message = Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]);

        Text(engine, message, 5).Should().Contain("must be signed");
        Text(unkeyed, message, 5).Should().Contain("no TSIG key is configured");
    }

    [Fact]
    public void Every_change_is_reported_with_its_key_and_action()
    {
        var (_, engine, responder) = ServerWithResponder();
        var changes = new List<ChallengeUpdate>();
        responder.Changed += changes.Add;

        engine.Answer(Signed(Message("cert.example.com", 6, [], [new(Name, 16, 254, 0, PublishedData), new(Name, 16, 1, 60, ValueData)])), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);
        engine.Answer(Signed(Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]), id: 2), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        changes.Should().Equal(
            new ChallengeUpdate("acme-key", "remove", Name, Published),
            new ChallengeUpdate("acme-key", "publish", Name, Value),
            new ChallengeUpdate("acme-key", "refresh", Name, Value));
    }

    [Fact]
    public void A_scoped_key_may_change_its_scope_only()
    {
        var store = new ChallengeStoreDouble();
        var keys = new TsigKeyRing([new TsigKey("acme-key", TsigAlgorithm.HmacSha256, CapturedSignatures.Secret, ["xyz.cert.example.com"])]);
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(keys, store, store, new SignedMessageClock()));

        var outcome = engine.Answer(Signed(Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)])), new byte[AnswerEngine.ResponseBufferSize], overTcp: false);

        outcome.ResponseCode.Should().Be(5);
        store.Find(Name).IsEmpty.Should().BeTrue();
    }

    /// <summary>One record of a prerequisite or update section; the owner dotted.</summary>
    public sealed record Rr(string Owner, ushort Type, ushort Class, uint Ttl, byte[] Data)
    {
        public override string ToString() => $"{Owner} {Type} class {Class}";

        public byte[] Wire() =>
        [
            .. QueryBuilder.EncodeName(Owner), (byte)(Type >> 8), (byte)Type, (byte)(Class >> 8), (byte)Class,
            (byte)(Ttl >> 24), (byte)(Ttl >> 16), (byte)(Ttl >> 8), (byte)Ttl, (byte)(Data.Length >> 8), (byte)Data.Length, .. Data,
        ];
    }

    private static byte[] Message(string zone, ushort zoneType, Rr[] prerequisites, Rr[] updates) =>
    [
        0x12, 0x34, 5 << 3, 0, 0, 1, 0, (byte)prerequisites.Length, 0, (byte)updates.Length, 0, 0,
        .. QueryBuilder.EncodeName(zone), 0, (byte)zoneType, 0, 1,
        .. prerequisites.SelectMany(record => record.Wire()), .. updates.SelectMany(record => record.Wire()),
    ];

    private static byte[] Signed(byte[] message, ushort id = 0x1234)
    {
        message[0] = (byte)(id >> 8);
        message[1] = (byte)id;
        return new SignedMessage(message).Build();
    }

    private static (ChallengeStoreDouble Store, AnswerEngine Engine) Server()
    {
        var (store, engine, _) = ServerWithResponder();
        return (store, engine);
    }

    private static (ChallengeStoreDouble Store, AnswerEngine Engine, UpdateResponder Responder) ServerWithResponder()
    {
        var store = new ChallengeStoreDouble();
        store.Publish(Name, Published);
        var responder = new UpdateResponder(CapturedSignatures.Keys(TsigAlgorithm.HmacSha256), store, store, new SignedMessageClock());
        return (store, new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, responder), responder);
    }

    /// <summary>
    /// The response as text with EDNS asked for, so the Extended DNS Error's words can be searched; the message is signed
    /// after the OPT record when <paramref name="signed"/>, with <paramref name="id"/> so that it is no replay of another.
    /// </summary>
    private static string Text(AnswerEngine engine, byte[] message, int rcode, bool signed = false, ushort id = 0x4321)
    {
        byte[] withEdns = [.. message, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];
        withEdns[11] = 1;
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var outcome = engine.Answer(signed ? Signed(withEdns, id) : withEdns, response, overTcp: false);
        outcome.ResponseCode.Should().Be(rcode);
        return System.Text.Encoding.ASCII.GetString(response, 0, outcome.Length);
    }
}
