using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Wire;

/// <summary>
/// The response writer at its edges: a record that does not fit is left out whole and marks the message overflowed,
/// never written in part and never thrown, and the counts in the header say what was written.
/// </summary>
public sealed class ResponseWriterTests
{
    private static readonly byte[] Question = [.. QueryBuilder.EncodeName("a.example"), 0, 1, 0, 1];

    [Theory]
    [InlineData("exactly the room left", 0, true)]
    [InlineData("one byte more than the room left", 1, false)]
    public void Fits_is_true_up_to_the_last_byte_of_the_buffer(string scenario, int extra, bool fits)
    {
        var buffer = new byte[100];
        var writer = new ResponseWriter(buffer);

        writer.Fits(100 - 12 + extra).Should().Be(fits, scenario);
        writer.Overflowed.Should().Be(!fits, scenario);
    }

    [Theory]
    [InlineData("65535 bytes, the most a message may take", 0, true)]
    [InlineData("one byte over 65535", 1, false)]
    public void A_buffer_larger_than_a_message_still_caps_it_at_65535_bytes(string scenario, int extra, bool fits)
    {
        var writer = new ResponseWriter(new byte[70_000]);

        writer.Fits(65535 - 12 + extra).Should().Be(fits, scenario);
    }

    [Theory]
    [InlineData("a record that just fits", 8, 1)]
    [InlineData("a record one byte too long", 9, 0)]
    public void An_answer_that_does_not_fit_is_left_out_whole(string scenario, int dataLength, int written)
    {
        // Room for the question and one record of 12 + 8 bytes.
        var buffer = new byte[12 + Question.Length + 20];
        var writer = new ResponseWriter(buffer);
        writer.WriteQuestion(Question[..^4], 1, 1);

        writer.WriteAnswer(ResponseWriter.QuestionNameOffset, 16, 60, new byte[dataLength]);
        writer.WriteHeader(1, 0x8400, 0, 1);

        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(6)).Should().Be((ushort)written, scenario);
        writer.Length.Should().Be(12 + Question.Length + written * (12 + dataLength), scenario);
        writer.Overflowed.Should().Be(written == 0, scenario);
    }

    [Fact]
    public void Owned_records_are_written_while_they_fit_and_counted_as_written()
    {
        // Three pre-encoded TXT records of 10 + 4 bytes each; with the owner pointer each takes 16.
        byte[] one = [0, 16, 0, 1, 0, 0, 0, 60, 0, 4, 3, (byte)'a', (byte)'b', (byte)'c'];
        byte[] records = [.. one, .. one, .. one];
        var buffer = new byte[12 + Question.Length + 2 * 16 + 15];
        var writer = new ResponseWriter(buffer);
        writer.WriteQuestion(Question[..^4], 16, 1);

        writer.WriteOwnedRecords(ResponseWriter.QuestionNameOffset, records, 3, DnsSection.Authority);
        writer.WriteHeader(1, 0x8400, 0, 1);

        writer.Overflowed.Should().BeTrue();
        writer.Length.Should().Be(12 + Question.Length + 2 * 16);
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(6)).Should().Be(0);
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(8)).Should().Be(2, "the authority section holds the two written");
        buffer.AsSpan(12 + Question.Length, 2).ToArray().Should().Equal(0xC0, 12);
    }

    [Fact]
    public void Whole_records_and_the_opt_record_are_left_out_when_they_do_not_fit()
    {
        var buffer = new byte[12 + Question.Length + 10];
        var writer = new ResponseWriter(buffer);
        writer.WriteQuestion(Question[..^4], 1, 1);

        writer.WriteRecords(new byte[11], 1, DnsSection.Additional);
        writer.WriteOpt(1232, 0, dnssecOk: false);
        writer.WriteHeader(1, 0x8400, 0, 1);

        writer.Length.Should().Be(12 + Question.Length);
        writer.Overflowed.Should().BeTrue();
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(10)).Should().Be(0);
    }

    /// <summary>(case, the response code, the DO bit, the OPT record's TTL field: extended rcode, version, flags).</summary>
    public static TheoryData<string, int, bool, string> Opts => new()
    {
        { "NOERROR", 0, false, "00000000" },
        { "BADVERS (16): its upper 8 bits in the OPT record", 16, false, "01000000" },
        { "BADCOOKIE (23) with DO", 23, true, "01008000" },
    };

    [Theory]
    [MemberData(nameof(Opts))]
    public void The_opt_record_carries_the_upper_rcode_bits_and_the_do_bit(string scenario, int responseCode, bool dnssecOk, string ttlHex)
    {
        var buffer = new byte[512];
        var writer = new ResponseWriter(buffer);
        writer.WriteQuestion(Question[..^4], 1, 1);

        writer.WriteOpt(1232, responseCode, dnssecOk);
        writer.WriteHeader(9, 0x8400, responseCode, 1);

        var opt = buffer.AsSpan(12 + Question.Length, 11).ToArray();
        Convert.ToHexString(opt).Should().Be("000029" + "04D0" + ttlHex + "0000", scenario);
        (BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)) & 0xF).Should().Be(responseCode & 0xF, scenario);
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(10)).Should().Be(1);
    }

    [Fact]
    public void Truncating_drops_the_records_and_the_overflow()
    {
        var buffer = new byte[12 + Question.Length + 20];
        var writer = new ResponseWriter(buffer);
        writer.WriteQuestion(Question[..^4], 1, 1);
        writer.WriteAnswer(ResponseWriter.QuestionNameOffset, 1, 60, [1, 2, 3, 4]);
        writer.WriteAnswer(ResponseWriter.QuestionNameOffset, 1, 60, [1, 2, 3, 4]);

        writer.TruncateTo(12 + Question.Length);
        writer.WriteHeader(1, 0x8600, 0, 1);

        writer.Overflowed.Should().BeFalse();
        writer.Length.Should().Be(12 + Question.Length);
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(6)).Should().Be(0);
    }
}
