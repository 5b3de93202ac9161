using FluentAssertions;
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
        { "an update of a meta type: FORMERR", "cert.example.com", [], [new(Name, 252, 1, 60, ValueData)], 1, [Published] },
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
    public void An_unsigned_update_is_refused_and_says_why()
    {
        var (_, engine) = Server();
        var unkeyed = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new ChallengeStoreDouble(), new UpdateResponder(TsigKeyRing.Empty, new ChallengeStoreDouble(), new ChallengeStoreDouble(), TimeProvider.System));
        var message = Message("cert.example.com", 6, [], [new(Name, 16, 1, 60, ValueData)]);

        Text(engine, message).Should().Contain("must be signed");
        Text(unkeyed, message).Should().Contain("no TSIG key is configured");
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
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(keys, store, store, new FixedClock()));

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
        var responder = new UpdateResponder(CapturedSignatures.Keys(TsigAlgorithm.HmacSha256), store, store, new FixedClock());
        return (store, new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, responder), responder);
    }

    /// <summary>The response as text with EDNS asked for, so the Extended DNS Error's words can be searched.</summary>
    private static string Text(AnswerEngine engine, byte[] message)
    {
        byte[] withEdns = [.. message, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];
        withEdns[11] = 1;
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var outcome = engine.Answer(withEdns, response, overTcp: false);
        outcome.ResponseCode.Should().Be(5);
        return System.Text.Encoding.ASCII.GetString(response, 0, outcome.Length);
    }

    /// <summary>The clock at the time <see cref="SignedMessage"/> signs at.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(SignedMessage.Now);
    }
}
