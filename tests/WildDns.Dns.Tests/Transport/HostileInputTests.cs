using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>
/// Hostile input never stops the server (issue 3): each message below goes over UDP and TCP, gets FORMERR or
/// nothing as RFC 1035 says, and a normal SOA query is answered right after it. Traffic goes to loopback only.
/// </summary>
public sealed class HostileInputTests
{
    private const ushort TypeSoa = 6;
    private const ushort SoaProbeId = 0x50A0;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    /// <summary>What the server must do with a hostile message.</summary>
    private enum Reaction
    {
        /// <summary>No header to answer, or a response: nothing comes back.</summary>
        Silence,

        /// <summary>A header but a broken body: FORMERR with the same ID.</summary>
        FormatError,

        /// <summary>A well-formed if odd query: a normal answer with this rcode.</summary>
        NxDomain,
    }

    public static TheoryData<string, DnsTransport> Cases()
    {
        var data = new TheoryData<string, DnsTransport>();
        foreach (var name in Messages.Keys)
        {
            data.Add(name, DnsTransport.Udp);
            data.Add(name, DnsTransport.Tcp);
        }

        return data;
    }

    private static Dictionary<string, (byte[] Message, Reaction Reaction)> Messages { get; } = BuildMessages();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileMessage_IsAnsweredOrDropped_AndTheServerGoesOn(string hostile, DnsTransport transport)
    {
        await using var server = StartServer();
        var (message, reaction) = Messages[hostile];

        var response = await DnsExchange.SendAsync(server.Endpoint, transport, message, reaction == Reaction.Silence ? DnsExchange.SilenceWindow : DnsExchange.ReplyTimeout);

        switch (reaction)
        {
            case Reaction.Silence:
                response.Should().BeNull();
                break;
            case Reaction.FormatError:
                response.Should().NotBeNull();
                ResponseHeader.Read(response).Should().Match<ResponseHeader>(header => header.IsResponse && header.Id == 0x1234 && header.ResponseCode == 1);
                break;
            default:
                response.Should().NotBeNull();
                ResponseHeader.Read(response).ResponseCode.Should().Be(3);
                break;
        }

        await AssertStillAnswersAsync(server);
    }

    [Fact]
    public async Task RandomBytes_OverUdp_NeverStopTheServer()
    {
        await using var server = StartServer();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server.Endpoint);
        foreach (var message in RandomMessages(seed: 3))
        {
            await socket.SendAsync(message, SocketFlags.None);
            (await AskSoaOnAsync(socket, DnsTransport.Udp)).Should().BeTrue($"the SOA query after {Convert.ToHexString(message)} should be answered");
        }
    }

    [Fact]
    public async Task RandomBytes_AsTcpMessages_NeverStopTheServer_NorTheConnection()
    {
        await using var server = StartServer();
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        foreach (var message in RandomMessages(seed: 7))
        {
            await socket.SendAsync(DnsExchange.Frame(message), SocketFlags.None);
            (await AskSoaOnAsync(socket, DnsTransport.Tcp)).Should().BeTrue($"the SOA query after {Convert.ToHexString(message)} should be answered on the same connection");
        }
    }

    [Fact]
    public async Task RandomByteStream_OverTcp_IsDropped_AndTheServerGoesOn()
    {
        await using var server = StartServer();
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
            var noise = new byte[random.Next(1, 3000)];
            random.NextBytes(noise);
            await socket.SendAsync(noise, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            (await DnsExchange.IsClosedByServerAsync(socket, TimeSpan.FromSeconds(10))).Should().BeTrue("the server ends a connection that ended or went quiet");
        }

        await AssertStillAnswersAsync(server);
    }

    [Fact]
    public async Task TcpLengthPrefixThatLies_HoldsOnlyItsOwnConnection_UntilTheIdleTimeout()
    {
        await using var server = StartServer();
        using var liar = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        var clock = Stopwatch.StartNew();

        // The prefix promises 500 bytes; 10 come, then nothing.
        await liar.SendAsync(new byte[] { 0x01, 0xF4, 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0 }, SocketFlags.None);
        await AssertStillAnswersAsync(server);

        (await DnsExchange.IsClosedByServerAsync(liar, TimeSpan.FromSeconds(10))).Should().BeTrue();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        await AssertStillAnswersAsync(server);
    }

    [Fact]
    public async Task SlowTcpSender_OneByteAtATime_IsAnswered_WhileOthersAreServed()
    {
        // Slow, but within the idle timeout: a whole query must arrive within it, and on a busy machine 60 paced bytes
        // and the checks between them can take longer than the 1 s the other cases use.
        await using var server = StartServer(idle: TimeSpan.FromSeconds(10));
        using var slow = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        var frame = DnsExchange.Frame(new QueryBuilder("192-168-2-1.cald5f5f7ba45.cert.example.com") { Id = 0x0B0B }.Build());

        for (var i = 0; i < frame.Length; i++)
        {
            await slow.SendAsync(frame.AsMemory(i, 1), SocketFlags.None);
            await Task.Delay(5);
            if (i % 16 == 0)
            {
                await AssertStillAnswersAsync(server);
            }
        }

        var answer = await DnsExchange.ReadFrameAsync(slow, DnsExchange.ReplyTimeout);
        answer.Should().NotBeNull();
        ResponseHeader.Read(answer).Should().Match<ResponseHeader>(header => header.Id == 0x0B0B && header.Answers == 1);
    }

    [Fact]
    public async Task TcpSenderSlowerThanTheIdleTimeout_IsDropped()
    {
        await using var server = StartServer();
        using var slow = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        var frame = DnsExchange.Frame(new QueryBuilder("cert.example.com", TypeSoa).Build());
        var clock = Stopwatch.StartNew();
        var dropped = false;

        for (var i = 0; i < frame.Length && !dropped && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            try
            {
                await slow.SendAsync(frame.AsMemory(i, 1), SocketFlags.None);
            }
            catch (SocketException)
            {
                dropped = true;
            }

            await Task.Delay(Idle / 4);
            dropped |= server.Server.OpenTcpConnections == 0;
        }

        dropped.Should().BeTrue("a message that takes longer than the idle timeout to arrive ends the connection");
        await AssertStillAnswersAsync(server);
    }

    [Fact]
    public async Task HundredsOfIdleTcpConnections_AreCappedAndTimedOut_WhileUdpIsServed()
    {
        const int cap = 100;
        const int connections = 300;
        await using var server = StartServer(cap);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                // A connection the server already closed may refuse; the point is that we keep trying hundreds.
                try
                {
                    sockets.Add(await DnsExchange.ConnectTcpAsync(server.Endpoint));
                }
                catch (SocketException)
                {
                }
            }

            server.Server.OpenTcpConnections.Should().BeLessThanOrEqualTo(cap);
            (await AskSoaAsync(server.Endpoint, DnsTransport.Udp)).Should().BeTrue("UDP is served while TCP is full");

            var clock = Stopwatch.StartNew();
            while (server.Server.OpenTcpConnections > 0)
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "idle connections time out");
                await Task.Delay(50);
            }

            await AssertStillAnswersAsync(server);
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private static TestServer StartServer(int maxTcpConnections = 100, TimeSpan? idle = null) =>
        TestServer.Start(options => options with { TcpIdleTimeout = idle ?? Idle, MaxTcpConnections = maxTcpConnections });

    private static async Task AssertStillAnswersAsync(TestServer server)
    {
        (await AskSoaAsync(server.Endpoint, DnsTransport.Udp)).Should().BeTrue("a normal SOA query over UDP is still answered");
        (await AskSoaAsync(server.Endpoint, DnsTransport.Tcp)).Should().BeTrue("a normal SOA query over TCP is still answered");
    }

    private static async Task<bool> AskSoaAsync(IPEndPoint server, DnsTransport transport)
    {
        var response = await DnsExchange.SendAsync(server, transport, SoaQuery(), DnsExchange.ReplyTimeout);
        return response is not null && IsSoaAnswer(response);
    }

    /// <summary>Asks for the SOA on an open socket, skipping any answers to earlier hostile messages.</summary>
    private static async Task<bool> AskSoaOnAsync(Socket socket, DnsTransport transport)
    {
        var query = SoaQuery();
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(transport == DnsTransport.Udp ? query : DnsExchange.Frame(query), SocketFlags.None);
        var buffer = new byte[65535];
        while (clock.Elapsed < DnsExchange.ReplyTimeout)
        {
            byte[]? response;
            if (transport == DnsTransport.Udp)
            {
                using var timeout = new CancellationTokenSource(DnsExchange.ReplyTimeout - clock.Elapsed);
                try
                {
                    response = buffer[..await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)];
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            else
            {
                response = await DnsExchange.ReadFrameAsync(socket, DnsExchange.ReplyTimeout - clock.Elapsed);
                if (response is null)
                {
                    return false;
                }
            }

            if (IsSoaAnswer(response))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] SoaQuery() => new QueryBuilder("cert.example.com", TypeSoa) { Id = SoaProbeId }.Build();

    private static bool IsSoaAnswer(byte[] response)
    {
        if (response.Length < 12)
        {
            return false;
        }

        var header = ResponseHeader.Read(response);
        return header.Id == SoaProbeId && header.IsResponse && header.ResponseCode == 0 && header.Answers == 1
            && DnsExchange.Parse(response).AnswerRecords[0].RecordType == ARSoft.Tools.Net.Dns.RecordType.Soa;
    }

    /// <summary>A few hundred seeded random messages of 0 to 1,500 bytes; a third start with a plausible query header.</summary>
    private static IEnumerable<byte[]> RandomMessages(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 300; i++)
        {
            var message = new byte[random.Next(0, 1500)];
            random.NextBytes(message);
            if (i % 3 == 0 && message.Length >= 12)
            {
                // Clear QR and set QDCOUNT 1, so that the parser gets past the header and into the body.
                message[2] &= 0x7F;
                message[4] = 0;
                message[5] = 1;
            }

            if (message.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(message) == SoaProbeId)
            {
                message[0] ^= 0xFF;
            }

            yield return message;
        }
    }

    private static Dictionary<string, (byte[], Reaction)> BuildMessages()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        byte[] typeAndClass = [0, 1, 0, 1];
        var label63 = (byte[])[63, .. Enumerable.Repeat((byte)'a', 63)];
        var messages = new Dictionary<string, (byte[], Reaction)>();
        for (var length = 0; length < 12; length++)
        {
            messages[$"header cut to {length} bytes"] = (header[..length], Reaction.Silence);
        }

        messages["compression pointer to itself"] = ([.. header, 0xC0, 12, .. typeAndClass], Reaction.FormatError);
        messages["two compression pointers to each other"] = ([.. header, 0xC0, 14, 0xC0, 12, .. typeAndClass], Reaction.FormatError);
        messages["label then a pointer back to it"] = ([.. header, 1, (byte)'a', 0xC0, 12, .. typeAndClass], Reaction.FormatError);
        messages["pointer past the end"] = ([.. header, 0xC0, 0xFF, .. typeAndClass], Reaction.FormatError);
        messages["label length 64 (0x40 label type)"] = ([.. header, 64, .. Enumerable.Repeat((byte)'a', 64), 0, .. typeAndClass], Reaction.FormatError);
        messages["label length 0x80"] = ([.. header, 0x80, .. Enumerable.Repeat((byte)'a', 128), 0, .. typeAndClass], Reaction.FormatError);
        messages["label longer than the message"] = ([.. header, 63, (byte)'a', (byte)'b'], Reaction.FormatError);
        messages["name of 321 octets"] = ([.. header, .. label63, .. label63, .. label63, .. label63, .. label63, 0, .. typeAndClass], Reaction.FormatError);
        messages["name of 256 octets"] = ([.. header, .. label63, .. label63, .. label63, .. label63, 0, .. typeAndClass], Reaction.FormatError);
        messages["name of exactly 255 octets (allowed)"] =
            ([.. header, .. label63, .. label63, .. label63, 44, .. Enumerable.Repeat((byte)'b', 44), .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.NxDomain);
        messages["response (QR=1)"] = ([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.Silence);
        messages["response (QR=1) with a broken body"] = ([0x12, 0x34, 0x80, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12], Reaction.Silence);
        messages["QDCOUNT 0"] = ([0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.FormatError);
        messages["QDCOUNT 2"] = ([0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.FormatError);
        messages["QDCOUNT 65535"] = ([0x12, 0x34, 0x01, 0x00, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.FormatError);
        messages["record counts of 65535 with no records"] = ([0x12, 0x34, 0x01, 0x00, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. QueryBuilder.EncodeName("cert.example.com"), .. typeAndClass], Reaction.FormatError);
        return messages;
    }
}
