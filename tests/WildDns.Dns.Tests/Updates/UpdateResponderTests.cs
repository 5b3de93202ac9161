using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>The answer engine with an <see cref="UpdateResponder"/>, bytes in and bytes out, on the shipped zone.</summary>
public sealed class UpdateResponderTests
{
    private const string Name = "_acme-challenge.abc.cert.example.com";
    private readonly ChallengeStoreDouble store = new();
    private readonly AnswerEngine engine;

    public UpdateResponderTests()
    {
        engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(SignedUpdates.Keys, store, store, TimeProvider.System));
    }

    [Fact]
    public void The_soa_serial_is_the_zone_files_plus_the_challenge_serial_in_answers_and_in_negative_answers()
    {
        store.Serial = 41;

        var soa = Ask("cert.example.com", 6).AnswerRecords.OfType<SoaRecord>().Single();
        var negative = Ask(Name, 16).AuthorityRecords.OfType<SoaRecord>().Single();

        soa.SerialNumber.Should().Be(1 + 41);
        negative.SerialNumber.Should().Be(1 + 41);
    }

    [Fact]
    public void A_signed_add_publishes_and_raises_the_serial_seen_in_the_soa()
    {
        var value = SignedUpdates.NewValue();

        Update(Name, value).Should().Be(0);

        store.Find(Name).ToArray().Should().Equal(value);
        Ask("cert.example.com", 6).AnswerRecords.OfType<SoaRecord>().Single().SerialNumber.Should().Be(2);
    }

    [Fact]
    public void An_update_that_would_overfill_a_name_is_refused_whole_and_changes_nothing()
    {
        Update(Name, SignedUpdates.NewValue()).Should().Be(0);
        Update(Name, SignedUpdates.NewValue()).Should().Be(0);
        var before = store.Find(Name).ToArray();

        Update(Name, SignedUpdates.NewValue()).Should().Be(5);

        store.Find(Name).ToArray().Should().Equal(before);
    }

    [Fact]
    public void Without_a_responder_an_update_is_not_implemented()
    {
        var plain = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store);
        var response = new byte[AnswerEngine.ResponseBufferSize];

        var outcome = plain.Answer(SignedUpdates.Add(Name, SignedUpdates.NewValue()), response, overTcp: false);

        outcome.ResponseCode.Should().Be(4);
    }

    private DnsMessage Ask(string name, ushort type)
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var length = engine.Answer(new QueryBuilder(name, type).Build(), response, overTcp: false).Length;
        return DnsMessage.Parse(new ArraySegment<byte>(response, 0, length));
    }

    private int Update(string name, string value)
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];
        return engine.Answer(SignedUpdates.Add(name, value), response, overTcp: false).ResponseCode;
    }
}
