using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Tsig;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>Reading the TSIG record (RFC 8945 §4.2): every field, and every malformed shape refused (FORMERR, §5.2).</summary>
public sealed class TsigReadTests
{
    [Fact]
    public void The_record_nsupdate_sent_is_read_field_by_field()
    {
        var capture = CapturedSignatures.Find("nsupdate hmac-sha256 UPDATE");
        var message = capture.Message;
        var offset = message.Length - (10 + 10 + 13 + 10 + 32 + 6);

        TransactionSignature.TryRead(message, offset, out var request).Should().BeTrue();

        request!.KeyName.Should().Be("acme-key");
        request.KeyNameWire.Should().Equal(message[offset..(offset + 10)]);
        request.AlgorithmName.Should().Be("hmac-sha256");
        request.AlgorithmWire.Should().Equal([11, .. "hmac-sha256"u8, 0]);
        request.TimeSigned.Should().Be(capture.TimeSigned);
        request.Fudge.Should().Be(300);
        request.Mac.Should().Equal(message[^38..^6]);
        request.OriginalId.Should().Be(0x03b5);
        request.Error.Should().Be(0);
        request.OtherData.Should().BeEmpty();
        request.Key.Should().BeNull();
    }

    [Fact]
    public void Names_are_lower_cased_for_lookups_and_kept_as_sent_for_the_echo()
    {
        var message = SignedMessage.Query() with { KeyName = "ACME-Key", AlgorithmName = "HMAC-SHA256" };

        TransactionSignature.TryRead(message.Build(), message.TsigOffset, out var request).Should().BeTrue();

        request!.KeyName.Should().Be("acme-key");
        request.KeyNameWire.Should().Equal([8, .. "ACME-Key"u8, 0]);
        request.AlgorithmName.Should().Be("hmac-sha256");
        request.AlgorithmWire.Should().Equal([11, .. "HMAC-SHA256"u8, 0]);
    }

    [Fact]
    public void A_48_bit_time_error_and_other_data_are_read_whole()
    {
        var message = SignedMessage.Query() with { TimeSigned = 0xABCD_1234_5678, Fudge = 0x0102, Error = 0x0312, Other = [1, 2, 3, 4, 5, 6, 7], OriginalId = 0xBEEF };

        TransactionSignature.TryRead(message.Build(), message.TsigOffset, out var request).Should().BeTrue();

        request!.TimeSigned.Should().Be(0xABCD_1234_5678);
        request.Fudge.Should().Be(0x0102);
        request.Error.Should().Be(0x0312);
        request.OtherData.Should().Equal(1, 2, 3, 4, 5, 6, 7);
        request.OriginalId.Should().Be(0xBEEF);
        request.Mac.Should().HaveCount(32);
    }

    [Fact]
    public void A_key_name_compressed_to_an_earlier_name_is_read()
    {
        // The key is named by a pointer to the question name (offset 12): "cert.example.com".
        var unsigned = SignedMessage.Query().Unsigned;
        var signed = (SignedMessage.Query() with { KeyName = "cert.example.com" }).Build();
        byte[] message = [.. signed[..unsigned.Length], 0xC0, 12, .. signed[(unsigned.Length + 18)..]];

        TransactionSignature.TryRead(message, unsigned.Length, out var request).Should().BeTrue();

        request!.KeyName.Should().Be("cert.example.com");
        request.KeyNameWire.Should().Equal(QueryBuilderName("cert.example.com"));
    }

    /// <summary>(case, how the well-formed signed query is spoilt, given its bytes and the TSIG offset).</summary>
    public static TheoryData<string, Func<byte[], int, byte[]>> Malformed => new()
    {
        { "class IN instead of ANY", (m, o) => Set(m, o + 10 + 2, 0, 1) },
        { "a TTL other than 0", (m, o) => Set(m, o + 10 + 4 + 3, 1) },
        { "a byte after the record", (m, _) => [.. m, 0] },
        { "RDLENGTH one more than the data, the message one byte longer", (m, o) => [.. AddToUInt16(m, o + 10 + 8, 1), 0] },
        { "RDLENGTH one less than the data", (m, o) => AddToUInt16(m, o + 10 + 8, -1) },
        { "a MAC size past the data", (m, o) => AddToUInt16(m, o + 10 + 10 + 13 + 8, 1) },
        { "a MAC size one short of the data", (m, o) => AddToUInt16(m, o + 10 + 10 + 13 + 8, -1) },
        { "an other-data length past the data", (m, _) => AddToUInt16(m, m.Length - 2, 1) },
        { "an owner name that runs off the message", (m, o) => [.. m[..o], 3, (byte)'a'] },
        { "an owner name pointing forwards", (m, o) => Set(m, o, 0xC0, (byte)(o + 2)) },
        { "an algorithm name with a 0x40 label", (m, o) => Set(m, o + 10 + 10, 0x4B) },
        { "no room for the fixed fields after the algorithm", (m, o) => [.. AddToUInt16(m[..(o + 10 + 10 + 13 + 9)], o + 10 + 8, -(m.Length - o - 10 - 10 - 22))] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_record_is_refused(string scenario, Func<byte[], int, byte[]> spoil)
    {
        var signed = SignedMessage.Query();

        TransactionSignature.TryRead(spoil(signed.Build(), signed.TsigOffset), signed.TsigOffset, out var request).Should().BeFalse(scenario);
        request.Should().BeNull();
    }

    [Fact]
    public void Every_cut_of_the_record_is_refused()
    {
        var signed = SignedMessage.Query() with { Other = [9, 9, 9, 9, 9, 9] };
        var message = signed.Build();

        for (var length = signed.TsigOffset; length < message.Length; length++)
        {
            TransactionSignature.TryRead(message.AsSpan(0, length), signed.TsigOffset, out _).Should().BeFalse($"cut at {length} of {message.Length}");
        }

        TransactionSignature.TryRead(message, signed.TsigOffset, out _).Should().BeTrue();
    }

    private static byte[] Set(byte[] message, int offset, params byte[] bytes)
    {
        var copy = (byte[])message.Clone();
        bytes.CopyTo(copy, offset);
        return copy;
    }

    private static byte[] AddToUInt16(byte[] message, int offset, int delta)
    {
        var copy = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(offset)) + delta));
        return copy;
    }

    private static byte[] QueryBuilderName(string name) => Wire.QueryBuilder.EncodeName(name);
}
