using System.Buffers.Binary;
using FluentAssertions;
using WildDns.Tests.Operations;
using Xunit;

namespace WildDns.Tests.Updates;

/// <summary>
/// Answers to signed messages stay within the requester's UDP size (512 bytes without EDNS), so they cannot be used
/// for reflection: a request may name its key and algorithm with compression pointers, which the answer spells out.
/// </summary>
public sealed class SignedAnswerSizeTests(UpdateServerFixture fixture) : IClassFixture<UpdateServerFixture>
{
    [Fact]
    public async Task A_301_byte_request_with_an_unknown_key_gets_at_most_512_bytes_over_udp_and_the_whole_badkey_answer_over_tcp()
    {
        var request = CompressedBadKeyRequest();
        request.Length.Should().Be(301);

        var overUdp = await DnsExchange.UdpAsync(fixture.Server.DnsEndpoint, request);
        var overTcp = await DnsExchange.TcpAsync(fixture.Server.DnsEndpoint, request);

        overUdp.Length.Should().BeLessThanOrEqualTo(512, "before, the answer was 807 bytes: 2.7 times the request");
        (overUdp[2] & 0x02).Should().NotBe(0, "what does not fit is cut, with TC set so the sender asks over TCP");
        RawQuery.IdOf(overUdp).Should().Be(0x5151);
        RawQuery.ResponseCodeOf(overTcp).Should().Be(9, "NOTAUTH (RFC 8945 §5.2)");
        var tsig = UpdateResponse.Parse(overTcp);
        tsig.TsigError.Should().Be(17, "BADKEY");
    }

    /// <summary>
    /// A signed SOA query: a 255-byte question name, and a TSIG record whose owner (the key name) and algorithm name
    /// both point at it (RFC 1035 §4.1.4), with no MAC: 12 + 259 + 30 = 301 bytes.
    /// </summary>
    private static byte[] CompressedBadKeyRequest()
    {
        var name = UpdateWire.NameWire($"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 61)}");
        name.Length.Should().Be(255);
        var message = new List<byte> { 0x51, 0x51, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 };
        message.AddRange(name);
        message.AddRange(new byte[] { 0, 6, 0, 1 });
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var rdata = new byte[18];
        rdata[0] = 0xC0;
        rdata[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(rdata.AsSpan(2), (ushort)(time >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(rdata.AsSpan(4), (uint)time);
        BinaryPrimitives.WriteUInt16BigEndian(rdata.AsSpan(8), 300);
        BinaryPrimitives.WriteUInt16BigEndian(rdata.AsSpan(12), 0x5151);
        message.AddRange(new byte[] { 0xC0, 12, 0, 250, 0, 255, 0, 0, 0, 0, 0, (byte)rdata.Length });
        message.AddRange(rdata);
        return [.. message];
    }
}
