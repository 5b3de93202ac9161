using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Updates;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>The TSIG verifier (RFC 8945 §5.2) and the replay cache, in process, at chosen clocks.</summary>
public sealed class TransactionSignatureTests
{
    private const string Name = "_acme-challenge.replay.cert.example.com";
    private const long Now = 1_800_000_000;

    /// <summary>(case, Time Signed minus now, the request's Fudge, expected error). The server's ceiling is 300 s.</summary>
    public static TheoryData<string, long, ushort, TsigError> TimeCases => new()
    {
        { "signed now", 0, 300, TsigError.NoError },
        { "exactly the fudge ago", -300, 300, TsigError.NoError },
        { "one second past the fudge ago", -301, 300, TsigError.BadTime },
        { "exactly the fudge ahead", 300, 300, TsigError.NoError },
        { "one second past the fudge ahead", 301, 300, TsigError.BadTime },
        { "a small fudge, at its edge", -10, 10, TsigError.NoError },
        { "a small fudge, one past", -11, 10, TsigError.BadTime },
        { "fudge 0, signed now", 0, 0, TsigError.NoError },
        { "fudge 0, one second off", 1, 0, TsigError.BadTime },
        { "a larger fudge is capped: 300 s ago", -300, 600, TsigError.NoError },
        { "a larger fudge is capped: 301 s ago", -301, 600, TsigError.BadTime },
        { "a fudge of 65535 does not admit 60000 s ago", -60_000, 65535, TsigError.BadTime },
    };

    [Theory]
    [MemberData(nameof(TimeCases))]
    public void The_time_check_uses_the_requests_fudge_up_to_the_servers_ceiling(string scenario, long offset, ushort fudge, TsigError expected)
    {
        var message = SignedUpdates.Add(Name, SignedUpdates.NewValue(), Now + offset, fudge);

        Verify(message, SignedUpdates.Keys, out var formatError).Should().Be(expected, scenario);
        formatError.Should().BeFalse();
    }

    [Fact]
    public void An_unknown_key_is_badkey_and_a_changed_byte_is_badsig()
    {
        var message = SignedUpdates.Add(Name, SignedUpdates.NewValue(), Now);
        var tampered = (byte[])message.Clone();
        tampered[20] ^= 1;
        var otherKey = new TsigKeyRing([new TsigKey("other-key", TsigAlgorithm.HmacSha256, SignedUpdates.Secret)]);

        Verify(message, otherKey, out _).Should().Be(TsigError.BadKey);
        Verify(tampered, SignedUpdates.Keys, out _).Should().Be(TsigError.BadSig);
    }

    [Fact]
    public void A_replayed_delete_is_refused_with_badtime_and_leaves_a_value_published_after_it()
    {
        var store = new ChallengeStoreDouble();
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), store, new UpdateResponder(SignedUpdates.Keys, store, store, TimeProvider.System));
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var delete = SignedUpdates.DeleteSet(Name);

        engine.Answer(SignedUpdates.Add(Name, SignedUpdates.NewValue()), response, overTcp: false).ResponseCode.Should().Be(ResponseCode.NoError);
        engine.Answer(delete, response, overTcp: false).ResponseCode.Should().Be(ResponseCode.NoError);
        var fresh = SignedUpdates.NewValue();
        engine.Answer(SignedUpdates.Add(Name, fresh), response, overTcp: false).ResponseCode.Should().Be(ResponseCode.NoError);

        var replay = engine.Answer(delete, response, overTcp: false);

        replay.ResponseCode.Should().Be(ResponseCode.NotAuthorized);
        TsigErrorOf(response.AsSpan(0, replay.Length)).Should().Be((ushort)TsigError.BadTime);
        store.Find(Name).ToArray().Should().Equal(fresh);
    }

    [Fact]
    public void The_replay_cache_forgets_a_mac_once_its_window_is_over_and_keeps_keys_apart()
    {
        var cache = new ReplayCache(capacity: 2);
        var first = Request("acme-key", [1, 2, 3], Now);

        cache.TryRecord(first, Now).Should().BeTrue();
        cache.TryRecord(first, Now + 300).Should().BeFalse("still inside Time Signed + 300 s");
        cache.TryRecord(Request("other-key", [1, 2, 3], Now), Now).Should().BeTrue("another key's MAC is another entry");
        cache.TryRecord(Request("acme-key", [9], Now), Now).Should().BeFalse("the cache is full of live entries: refuse rather than forget");
        cache.TryRecord(first, Now + 301).Should().BeTrue("past its window the time check refuses it anyway");
    }

    [Fact]
    public void A_larger_fudge_than_the_ceiling_keeps_its_mac_only_for_the_ceiling()
    {
        var cache = new ReplayCache(capacity: 1);

        cache.TryRecord(Request("acme-key", [1], Now, fudge: 600), Now).Should().BeTrue();

        cache.TryRecord(Request("acme-key", [2], Now), Now + 301).Should().BeTrue("the first expired 300 s after it was signed, when the time check refuses it anyway");
    }

    private static TsigError Verify(byte[] message, TsigKeyRing keys, out bool formatError)
    {
        QueryParser.Parse(message, new byte[256], new char[256], out var query).Should().Be(ParseOutcome.Query);
        TransactionSignature.TryRead(message, query.TsigOffset, out var request).Should().BeTrue();
        return TransactionSignature.Verify(message, query.TsigOffset, request!, keys, Now, out formatError);
    }

    private static TsigRequest Request(string key, byte[] mac, long timeSigned, ushort fudge = 300) => new()
    {
        KeyNameWire = [],
        KeyName = key,
        AlgorithmWire = [],
        AlgorithmName = "hmac-sha256",
        TimeSigned = timeSigned,
        Fudge = fudge,
        Mac = mac,
        OriginalId = 0,
        Error = 0,
        OtherData = [],
    };

    /// <summary>
    /// The error field of a BADTIME answer's TSIG record, which ends the message: error, other length 6, and the
    /// server's time as other data (RFC 8945 §5.2.3).
    /// </summary>
    private static ushort TsigErrorOf(ReadOnlySpan<byte> response)
    {
        BinaryPrimitives.ReadUInt16BigEndian(response[^8..]).Should().Be(6, "a BADTIME answer carries the server's time");
        return BinaryPrimitives.ReadUInt16BigEndian(response[^10..]);
    }
}
