using FluentAssertions;
using WildDns.Dns.Tsig;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>The TSIG verifier (RFC 8945 §5.2), in process at chosen clocks: messages BIND and Knot signed, and messages signed here.</summary>
public sealed class TsigVerifyTests
{
    private static readonly TsigKeyRing Sha256Keys = CapturedSignatures.Keys(TsigAlgorithm.HmacSha256);

    public static TheoryData<string> Captures() => [.. CapturedSignatures.All.Select(capture => capture.Name)];

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_message_signed_by_bind_or_knot_verifies_at_its_time_and_names_its_key(string name)
    {
        var capture = CapturedSignatures.Find(name);
        var keys = CapturedSignatures.Keys(capture.Algorithm);

        var (error, formatError, request) = Verify(capture.Message, keys, capture.TimeSigned);

        error.Should().Be(TsigError.NoError);
        formatError.Should().BeFalse();
        request.Key.Should().BeSameAs(keys.Find("acme-key"));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_message_signed_by_bind_or_knot_with_another_secret_is_badsig(string name)
    {
        var capture = CapturedSignatures.Find(name);
        var keys = new TsigKeyRing([new TsigKey("acme-key", capture.Algorithm, [.. CapturedSignatures.Secret.Reverse()])]);

        var (error, formatError, request) = Verify(capture.Message, keys, capture.TimeSigned);

        error.Should().Be(TsigError.BadSig);
        formatError.Should().BeFalse();
        request.Key.Should().BeNull("nothing may be signed with a key the sender does not hold");
    }

    [Fact]
    public void A_time_signed_above_32_bits_is_read_whole()
    {
        const long later = 0x1_0000_0005;
        var message = SignedMessage.Query() with { TimeSigned = later };

        Verify(message.Build(), Sha256Keys, later).Error.Should().Be(TsigError.NoError);
        Verify(message.Build(), Sha256Keys, later & 0xFFFF_FFFF).Error.Should().Be(TsigError.BadTime);
    }

    /// <summary>(case, the message, expected error, whether Key is set afterwards).</summary>
    public static TheoryData<string, SignedMessage, TsigError, bool> KeyCases => new()
    {
        { "the key", SignedMessage.Query(), TsigError.NoError, true },
        { "the key name in upper case", SignedMessage.Query() with { KeyName = "ACME-Key" }, TsigError.NoError, true },
        { "the algorithm name in upper case with the root dot", SignedMessage.Query() with { AlgorithmName = "HMAC-SHA256." }, TsigError.NoError, true },
        { "an unknown key name", SignedMessage.Query() with { KeyName = "other-key" }, TsigError.BadKey, false },
        { "the key's name with another algorithm", SignedMessage.Query() with { Algorithm = TsigAlgorithm.HmacSha512 }, TsigError.BadKey, false },
        { "another secret", SignedMessage.Query() with { Secret = [1, 2, 3] }, TsigError.BadSig, false },
        { "an original ID other than the one signed", SignedMessage.Query() with { OriginalId = 0x1111 }, TsigError.NoError, true },
        { "an error field set by the sender, signed", SignedMessage.Query() with { Error = 18 }, TsigError.NoError, true },
        { "other data, signed", SignedMessage.Query() with { Other = [0, 0, 0x6b, 0x0f, 0xbe, 0x5c] }, TsigError.NoError, true },
        { "a fudge other than 300, signed", SignedMessage.Query() with { Fudge = 120 }, TsigError.NoError, true },
    };

    [Theory]
    [MemberData(nameof(KeyCases))]
    public void The_key_is_found_by_name_and_algorithm_and_the_mac_covers_every_tsig_variable(string scenario, SignedMessage message, TsigError expected, bool keySet)
    {
        var (error, formatError, request) = Verify(message.Build(), Sha256Keys, SignedMessage.Now);

        error.Should().Be(expected, scenario);
        formatError.Should().BeFalse(scenario);
        (request.Key is not null).Should().Be(keySet, scenario);
    }

    [Fact]
    public void A_message_whose_id_a_forwarder_changed_verifies_with_its_original_id()
    {
        var message = SignedMessage.Query().Build();
        message[0] ^= 0xFF;

        Verify(message, Sha256Keys, SignedMessage.Now).Error.Should().Be(TsigError.NoError);
    }

    [Theory]
    [InlineData("the first header byte after the ID", 2)]
    [InlineData("the second header byte of flags", 3)]
    [InlineData("the question name", 13)]
    [InlineData("the question type", 30)]
    public void A_message_changed_after_signing_is_badsig(string scenario, int offset)
    {
        var message = SignedMessage.Query().Build();
        message[offset] ^= 0x01;

        Verify(message, Sha256Keys, SignedMessage.Now).Error.Should().Be(TsigError.BadSig, scenario);
    }

    [Fact]
    public void A_changed_mac_is_badsig_wherever_the_change_is()
    {
        var signed = SignedMessage.Query();
        var message = signed.Build();
        var macStart = message.Length - 6 - 32;
        foreach (var offset in new[] { macStart, macStart + 15, message.Length - 7 })
        {
            var changed = (byte[])message.Clone();
            changed[offset] ^= 0x80;

            Verify(changed, Sha256Keys, SignedMessage.Now).Error.Should().Be(TsigError.BadSig, $"byte {offset - macStart} of the MAC");
        }
    }

    /// <summary>
    /// RFC 8945 §5.2.2.1: a MAC longer than the hash, or shorter than both 10 octets and half the hash, is FORMERR; a
    /// shorter one that verifies is BADTRUNC here, since this server asks for the whole MAC.
    /// </summary>
    public static TheoryData<string, TsigAlgorithm, int, TsigError, bool> MacLengthCases => new()
    {
        { "hmac-sha256, whole", TsigAlgorithm.HmacSha256, 32, TsigError.NoError, false },
        { "hmac-sha256, half", TsigAlgorithm.HmacSha256, 16, TsigError.BadTrunc, false },
        { "hmac-sha256, below half", TsigAlgorithm.HmacSha256, 15, TsigError.BadSig, true },
        { "hmac-sha256, one byte short", TsigAlgorithm.HmacSha256, 31, TsigError.BadTrunc, false },
        { "hmac-sha512, half", TsigAlgorithm.HmacSha512, 32, TsigError.BadTrunc, false },
        { "hmac-sha512, below half", TsigAlgorithm.HmacSha512, 31, TsigError.BadSig, true },
        { "hmac-sha512, whole", TsigAlgorithm.HmacSha512, 64, TsigError.NoError, false },
        { "hmac-sha1, 10 octets", TsigAlgorithm.HmacSha1, 10, TsigError.BadTrunc, false },
        { "hmac-sha1, 9 octets", TsigAlgorithm.HmacSha1, 9, TsigError.BadSig, true },
        { "hmac-sha1, whole", TsigAlgorithm.HmacSha1, 20, TsigError.NoError, false },
        { "hmac-sha1, empty", TsigAlgorithm.HmacSha1, 0, TsigError.BadSig, true },
    };

    [Theory]
    [MemberData(nameof(MacLengthCases))]
    public void A_truncated_mac_is_badtrunc_and_one_of_illegal_length_is_formerr(string scenario, TsigAlgorithm algorithm, int macLength, TsigError expected, bool expectedFormatError)
    {
        var message = SignedMessage.Query() with { Algorithm = algorithm, MacLength = macLength };

        var (error, formatError, request) = Verify(message.Build(), CapturedSignatures.Keys(algorithm), SignedMessage.Now);

        error.Should().Be(expected, scenario);
        formatError.Should().Be(expectedFormatError, scenario);
        (request.Key is not null).Should().Be(!expectedFormatError, scenario);
    }

    [Fact]
    public void A_mac_one_byte_longer_than_the_hash_is_formerr()
    {
        var whole = (SignedMessage.Query()).Build();
        var request = Read(whole);
        var longer = new TsigRequest
        {
            KeyNameWire = request.KeyNameWire,
            KeyName = request.KeyName,
            AlgorithmWire = request.AlgorithmWire,
            AlgorithmName = request.AlgorithmName,
            TimeSigned = request.TimeSigned,
            Fudge = request.Fudge,
            Mac = [.. request.Mac, 0],
            OriginalId = request.OriginalId,
            Error = request.Error,
            OtherData = request.OtherData,
        };

        var error = TransactionSignature.Verify(whole, SignedMessage.Query().TsigOffset, longer, Sha256Keys, SignedMessage.Now, out var formatError);

        error.Should().Be(TsigError.BadSig);
        formatError.Should().BeTrue();
    }

    [Fact]
    public void A_truncated_mac_that_does_not_verify_is_badsig()
    {
        var message = (SignedMessage.Query() with { MacLength = 16 }).Build();
        message[^7] ^= 1;

        Verify(message, Sha256Keys, SignedMessage.Now).Error.Should().Be(TsigError.BadSig);
    }

    internal static (TsigError Error, bool FormatError, TsigRequest Request) Verify(byte[] message, TsigKeyRing keys, long now)
    {
        var request = Read(message, out var offset);
        var error = TransactionSignature.Verify(message, offset, request, keys, now, out var formatError);
        return (error, formatError, request);
    }

    internal static TsigRequest Read(byte[] message) => Read(message, out _);

    private static TsigRequest Read(byte[] message, out int offset)
    {
        QueryParser.Parse(message, new byte[256], new char[256], out var query).Should().Be(ParseOutcome.Query);
        query.TsigOffset.Should().BePositive();
        TransactionSignature.TryRead(message, query.TsigOffset, out var request).Should().BeTrue();
        offset = query.TsigOffset;
        return request!;
    }
}
