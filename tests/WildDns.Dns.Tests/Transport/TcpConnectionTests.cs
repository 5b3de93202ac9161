using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using FluentAssertions;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>RFC 7766 connection handling: pipelining, the idle timeout, the connection cap, and a reader that stalls.</summary>
public sealed class TcpConnectionTests
{
    private static readonly TimeSpan ShortIdle = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task ManyPipelinedQueries_OnOneConnection_AreAllAnswered()
    {
        await using var server = TestServer.Start();
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        const int count = 300;

        // All queries in one write, so the server sees many frames in one read and frames split across reads.
        var batch = Enumerable.Range(0, count)
            .SelectMany(i => DnsExchange.Frame(new QueryBuilder($"10-0-{i / 256}-{i % 256}.cald5f5f7ba45.cert.example.com") { Id = (ushort)i }.Build()))
            .ToArray();
        await socket.SendAsync(batch, SocketFlags.None);

        var answered = new Dictionary<ushort, string>();
        for (var i = 0; i < count; i++)
        {
            var frame = await DnsExchange.ReadFrameAsync(socket, DnsExchange.ReplyTimeout);
            frame.Should().NotBeNull($"answer {i} of {count} should arrive");
            var response = DnsExchange.Parse(frame!);
            answered[response.TransactionID] = response.AnswerRecords.Single().ToString();
        }

        answered.Should().HaveCount(count);
        answered[258].Should().Contain("10.0.1.2");
    }

    [Fact]
    public async Task IdleConnection_IsClosedAfterTheIdleTimeout()
    {
        await using var server = TestServer.Start(options => options with { TcpIdleTimeout = ShortIdle });
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        var clock = Stopwatch.StartNew();

        var closed = await DnsExchange.IsClosedByServerAsync(socket, TimeSpan.FromSeconds(10));

        closed.Should().BeTrue();
        clock.Elapsed.Should().BeGreaterThan(ShortIdle * 0.8, "the connection had its full idle time");
        await WaitForAsync(() => server.Server.OpenTcpConnections == 0);
    }

    [Fact]
    public async Task ConnectionThatWentQuietAfterAnAnswer_IsClosedAfterTheIdleTimeout()
    {
        await using var server = TestServer.Start(options => options with { TcpIdleTimeout = ShortIdle });
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        await socket.SendAsync(DnsExchange.Frame(new QueryBuilder("cert.example.com", 6).Build()), SocketFlags.None);
        (await DnsExchange.ReadFrameAsync(socket, DnsExchange.ReplyTimeout)).Should().NotBeNull();

        var closed = await DnsExchange.IsClosedByServerAsync(socket, TimeSpan.FromSeconds(10));

        closed.Should().BeTrue();
    }

    [Fact]
    public async Task ConnectionsBeyondTheCap_AreClosed_AndASlotFreesWhenOneCloses()
    {
        const int cap = 4;
        await using var server = TestServer.Start(options => options with { MaxTcpConnections = cap });
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < cap; i++)
            {
                var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
                held.Add(socket);
                (await AskSoaAsync(socket)).Should().BeTrue($"connection {i + 1} is within the cap");
            }

            server.Server.OpenTcpConnections.Should().Be(cap);
            using (var extra = await DnsExchange.ConnectTcpAsync(server.Endpoint))
            {
                (await DnsExchange.IsClosedByServerAsync(extra, DnsExchange.ReplyTimeout)).Should().BeTrue("connection {0} is over the cap", cap + 1);
            }

            held[0].Dispose();
            await WaitForAsync(() => server.Server.OpenTcpConnections < cap);
            using var next = await DnsExchange.ConnectTcpAsync(server.Endpoint);
            (await AskSoaAsync(next)).Should().BeTrue("a closed connection frees its slot");
        }
        finally
        {
            held.ForEach(socket => socket.Dispose());
        }
    }

    [Fact]
    public async Task ClientThatSendsButNeverReads_IsDisconnected()
    {
        await using var server = TestServer.Start(options => options with { TcpIdleTimeout = ShortIdle });
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        socket.ReceiveBufferSize = 4096;
        await WaitForAsync(() => server.Server.OpenTcpConnections == 1);
        var query = DnsExchange.Frame(new QueryBuilder("cert.example.com", 255).Build());
        var batch = Enumerable.Repeat(query, 500).SelectMany(frame => frame).ToArray();

        // Keep writing queries without reading a single answer: the server's sends stall once both buffers are full.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var writer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await socket.SendAsync(batch, SocketFlags.None, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Reset by the server, or the test is over.
            }
        });

        await WaitForAsync(() => server.Server.OpenTcpConnections == 0);
        await stop.CancelAsync();
        await writer;
        using var fresh = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        (await AskSoaAsync(fresh)).Should().BeTrue();
    }

    [Fact]
    public async Task EmptyFrames_DoNotKeepAConnectionOpenPastTheIdleTimeout()
    {
        await using var server = TestServer.Start(options => options with { TcpIdleTimeout = ShortIdle });
        using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var keepAlive = SendEmptyFramesAsync([socket], stop.Token);

        // An empty frame asks nothing: only a message counts as activity.
        var closed = await DnsExchange.IsClosedByServerAsync(socket, ShortIdle * 5);

        await stop.CancelAsync();
        await keepAlive;
        closed.Should().BeTrue("a connection that sends only empty frames is idle");
    }

    [Fact]
    public async Task ManyConnectionsFromOneSource_SendingEmptyFrames_DoNotStopAnotherSourcesQuery()
    {
        const int cap = 100;
        await using var server = TestServer.Start(options => options with { MaxTcpConnections = cap, TcpIdleTimeout = TimeSpan.FromSeconds(30) });
        var flood = new List<Socket>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var keepAlive = Task.CompletedTask;
        try
        {
            // More connections than the cap, from 127.0.0.1, each kept busy with empty frames.
            for (var i = 0; i < cap + 50; i++)
            {
                flood.Add(await DnsExchange.ConnectTcpAsync(server.Endpoint));
            }

            keepAlive = SendEmptyFramesAsync(flood, stop.Token);
            await Task.Delay(500);

            using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            other.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
            await other.ConnectAsync(server.Endpoint);

            (await AskSoaAsync(other)).Should().BeTrue("a query from 127.0.0.2 is answered while 127.0.0.1 floods");
            server.Server.OpenTcpConnections.Should().BeLessThan(cap, "one source does not take every slot");
        }
        finally
        {
            await stop.CancelAsync();
            await keepAlive;
            flood.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>Sends <c>\x00\x00</c> on every socket every 100 ms until cancelled; sockets the server closed are skipped.</summary>
    private static async Task SendEmptyFramesAsync(IReadOnlyList<Socket> sockets, CancellationToken cancellation)
    {
        var alive = sockets.ToList();
        try
        {
            while (alive.Count > 0)
            {
                foreach (var socket in alive.ToArray())
                {
                    try
                    {
                        await socket.SendAsync(new byte[2], SocketFlags.None, cancellation);
                    }
                    catch (SocketException)
                    {
                        alive.Remove(socket);
                    }
                }

                await Task.Delay(100, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    private static async Task<bool> AskSoaAsync(Socket socket)
    {
        await socket.SendAsync(DnsExchange.Frame(new QueryBuilder("cert.example.com", 6) { Id = 77 }.Build()), SocketFlags.None);
        var frame = await DnsExchange.ReadFrameAsync(socket, DnsExchange.ReplyTimeout);
        return frame is not null && BinaryPrimitives.ReadUInt16BigEndian(frame) == 77 && ResponseHeader.Read(frame).Answers == 1;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the server should get there in time");
            await Task.Delay(20);
        }
    }
}
