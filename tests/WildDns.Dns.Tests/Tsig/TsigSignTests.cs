using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tsig;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>
/// Signing the response (RFC 8945 §5.3, §4.3.2): the record appended, and its MAC recomputed here from the RFC over the
/// request MAC, the response and the TSIG variables, so that a response a client would reject cannot pass.
/// </summary>
public sealed class TsigSignTests
{
    /// <summary>A server clock above 32 bits, so that both parts of the 48-bit time are checked.</summary>
    private const long Clock = 0x1_2345_6789;

    /// <summary>(case, the error answered, whether the record carries a MAC, the Time Signed and Fudge expected, the other data's length).</summary>
    public static TheoryData<string, TsigError, bool, bool, int> Cases => new()
    {
        { "NOERROR: signed at the server's time, fudge 300", TsigError.NoError, true, true, 0 },
        { "BADTRUNC: signed at the server's time", TsigError.BadTrunc, true, true, 0 },
        { "BADTIME: signed, the request's time, the server's time as other data", TsigError.BadTime, true, false, 6 },
        { "BADKEY: no MAC, the request's time and fudge", TsigError.BadKey, false, false, 0 },
        { "BADSIG: no MAC, the request's time and fudge", TsigError.BadSig, false, false, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_response_record_carries_the_error_and_a_mac_a_client_can_check(string scenario, TsigError error, bool signed, bool serverTime, int otherLength)
    {
        var message = SignedMessage.Query() with { KeyName = "ACME-Key", AlgorithmName = "HMAC-SHA256", Fudge = 120, TimeSigned = Clock - 1000 };
        var request = TsigVerifyTests.Read(message.Build());
        // After BADSIG the caller may know the key; the answer still carries no MAC (RFC 8945 §5.3.2).
        request.Key = error is TsigError.BadKey ? null : CapturedSignatures.Keys(TsigAlgorithm.HmacSha256).Find("acme-key");
        var (response, unsignedLength) = Response(0x4242, additionals: 1);

        var unsigned = response[..unsignedLength];
        var length = TransactionSignature.Sign(response, unsignedLength, request, error, Clock);

        (length - unsignedLength).Should().Be(TransactionSignature.SizeOf(request, error), "the room reserved for the record is what it takes");
        var record = ResponseTsig.Read(response.AsSpan(0, length), unsignedLength);
        record.Owner.Should().Equal([8, .. "ACME-Key"u8, 0], scenario);
        record.Algorithm.Should().Equal([11, .. "HMAC-SHA256"u8, 0], scenario);
        record.TimeSigned.Should().Be(serverTime ? Clock : Clock - 1000, scenario);
        record.Fudge.Should().Be(signed ? (ushort)300 : (ushort)120, scenario);
        record.Error.Should().Be((ushort)error, scenario);
        record.OriginalId.Should().Be(0x4242, scenario);
        record.Other.Should().HaveCount(otherLength, scenario);
        if (otherLength > 0)
        {
            record.Other.Should().Equal([0x00, 0x01, 0x23, 0x45, 0x67, 0x89], "RFC 8945 §5.2.3: the server's time, 48 bits");
        }

        BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(10)).Should().Be(2, "ARCOUNT counts the TSIG record");
        if (signed)
        {
            record.Mac.Should().Equal(ResponseTsig.ExpectedMac(request.Mac, unsigned, "acme-key", record), scenario);
        }
        else
        {
            record.Mac.Should().BeEmpty(scenario);
        }
    }

    [Fact]
    public void The_answer_to_a_truncated_request_mac_covers_the_mac_as_sent()
    {
        var request = TsigVerifyTests.Read((SignedMessage.Query() with { MacLength = 16 }).Build());
        request.Key = CapturedSignatures.Keys(TsigAlgorithm.HmacSha256).Find("acme-key");
        var (response, unsignedLength) = Response(7, additionals: 0);

        var unsigned = response[..unsignedLength];
        var length = TransactionSignature.Sign(response, unsignedLength, request, TsigError.BadTrunc, SignedMessage.Now);

        var record = ResponseTsig.Read(response.AsSpan(0, length), unsignedLength);
        request.Mac.Should().HaveCount(16);
        record.Mac.Should().HaveCount(32).And.Equal(ResponseTsig.ExpectedMac(request.Mac, unsigned, "acme-key", record));
        BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(10)).Should().Be(1);
    }

    [Theory]
    [InlineData(TsigAlgorithm.HmacSha512, 64)]
    [InlineData(TsigAlgorithm.HmacSha1, 20)]
    public void Every_algorithm_signs_with_its_whole_mac(TsigAlgorithm algorithm, int macLength)
    {
        var request = TsigVerifyTests.Read((SignedMessage.Query() with { Algorithm = algorithm }).Build());
        request.Key = CapturedSignatures.Keys(algorithm).Find("acme-key");
        var (response, unsignedLength) = Response(9, additionals: 0);

        var unsigned = response[..unsignedLength];
        var length = TransactionSignature.Sign(response, unsignedLength, request, TsigError.NoError, SignedMessage.Now);

        var record = ResponseTsig.Read(response.AsSpan(0, length), unsignedLength);
        record.Mac.Should().HaveCount(macLength).And.Equal(ResponseTsig.ExpectedMac(request.Mac, unsigned, "acme-key", record, algorithm));
        (length - unsignedLength).Should().Be(TransactionSignature.SizeOf(request, TsigError.NoError));
    }

    [Fact]
    public void A_key_name_of_255_octets_is_read_and_echoed_whole()
    {
        var longest = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        var request = TsigVerifyTests.Read((SignedMessage.Query() with { KeyName = longest }).Build());
        request.Key = new TsigKeyRing([new TsigKey(longest, TsigAlgorithm.HmacSha256, CapturedSignatures.Secret)]).Find(longest);
        var (response, unsignedLength) = Response(3, additionals: 0);

        var length = TransactionSignature.Sign(response, unsignedLength, request, TsigError.NoError, SignedMessage.Now);

        request.KeyName.Should().Be(longest);
        request.KeyNameWire.Should().HaveCount(255);
        ResponseTsig.Read(response.AsSpan(0, length), unsignedLength).Owner.Should().Equal(request.KeyNameWire);
    }

    /// <summary>A response header and question in a large buffer; its length before signing.</summary>
    private static (byte[] Response, int Length) Response(ushort id, ushort additionals)
    {
        var question = new QueryBuilder("cert.example.com", 6) { Id = id }.Build();
        // Whatever the buffer held before must not show through: the record writes every byte it claims.
        var response = Enumerable.Repeat((byte)0xEE, 4096).ToArray();
        question.CopyTo(response, 0);
        response[2] |= 0x84;
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(10), additionals);
        return (response, question.Length);
    }
}
