using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// SIGTERM while clients keep querying over UDP and TCP: the server stops taking queries, answers every one it took, and
/// exits 0. "Took" is what the server itself logged as answered (query logging at rate 1), and every one of those answers
/// must have reached a client.
/// </summary>
public sealed partial class ShutdownTests
{
    private const int Window = 8;
    private const string UdpName = "192-168-2-1.cald5f5f7ba45.cert.example.com";
    private const string TcpName = "fd00--1.cald5f5f7ba45.cert.example.com";

    [Fact]
    public async Task SIGTERM_under_load_loses_no_answered_response_and_exits_0()
    {
        await using var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string?>
        {
            ["WildDns__Logging__QuerySampleRate"] = "1",
            ["WildDns__Dns__ShutdownGraceSeconds"] = "5",

            // One name from one address at full speed: rate limiting would hold back most of it, which is not what this tests.
            ["WildDns__Dns__RateLimit__ResponsesPerSecond"] = "0",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        });
        using var stopSending = new CancellationTokenSource();
        var udp = Enumerable.Range(0, 3).Select(_ => Task.Run(() => UdpLoadAsync(server.DnsEndpoint, stopSending.Token))).ToArray();
        var tcp = Enumerable.Range(0, 2).Select(_ => Task.Run(() => TcpLoadAsync(server.DnsEndpoint, stopSending.Token))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var exitCode = await server.StopAsync(TimeSpan.FromSeconds(20));
        await stopSending.CancelAsync();
        var udpReceived = (await Task.WhenAll(udp)).Sum();
        var tcpReceived = (await Task.WhenAll(tcp)).Sum();

        var output = server.Output;
        exitCode.Should().Be(0, output[^Math.Min(output.Length, 4000)..]);
        var udpAnswered = UdpAnswered().Count(output);
        var tcpAnswered = TcpAnswered().Count(output);
        udpAnswered.Should().BeGreaterThan(100, "the load should have been running when SIGTERM came");
        tcpAnswered.Should().BeGreaterThan(100, "the load should have been running when SIGTERM came");
        udpReceived.Should().Be(udpAnswered, "every UDP answer the server logged must have reached its client");
        tcpReceived.Should().Be(tcpAnswered, "every TCP answer the server logged must have reached its client");
    }

    /// <summary>Keeps <see cref="Window"/> queries outstanding until told to stop, then collects what is still coming; returns answers received.</summary>
    private static async Task<int> UdpLoadAsync(IPEndPoint server, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        await socket.ConnectAsync(server);
        var query = RawQuery.Build(0, UdpName, 1);
        var buffer = new byte[4096];
        var received = 0;
        var outstanding = 0;
        ushort id = 0;
        while (true)
        {
            while (!stop.IsCancellationRequested && outstanding < Window)
            {
                BinaryPrimitives.WriteUInt16BigEndian(query, ++id);
                try
                {
                    await socket.SendAsync(query);
                    outstanding++;
                }
                catch (SocketException)
                {
                    // The server's port is closed (an ICMP error came back); keep trying until told to stop.
                    break;
                }
            }

            using var wait = new CancellationTokenSource(stop.IsCancellationRequested ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(300));
            try
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                received++;
                outstanding--;
            }
            catch (OperationCanceledException)
            {
                if (stop.IsCancellationRequested)
                {
                    return received;
                }

                // Those queries reached no one (the server had stopped reading): send fresh ones.
                outstanding = 0;
            }
            catch (SocketException)
            {
                outstanding = 0;
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            }
        }
    }

    /// <summary>Pipelines <see cref="Window"/> queries per connection, reconnecting when the server closes one; returns answers received.</summary>
    private static async Task<int> TcpLoadAsync(IPEndPoint server, CancellationToken stop)
    {
        var query = RawQuery.Framed(RawQuery.Build(0, TcpName, 28));
        var received = 0;
        while (!stop.IsCancellationRequested)
        {
            using var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(server, stop);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
                continue;
            }

            var stream = client.GetStream();
            var length = new byte[2];
            var response = new byte[65535];
            var outstanding = 0;
            ushort id = 0;
            try
            {
                while (true)
                {
                    while (!stop.IsCancellationRequested && outstanding < Window)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(2), ++id);
                        await stream.WriteAsync(query, CancellationToken.None);
                        outstanding++;
                    }

                    if (outstanding == 0)
                    {
                        break;
                    }

                    // No timeout on reads: the server either answers or closes the connection, and either ends the wait.
                    await stream.ReadExactlyAsync(length, CancellationToken.None);
                    await stream.ReadExactlyAsync(response.AsMemory(0, BinaryPrimitives.ReadUInt16BigEndian(length)), CancellationToken.None);
                    received++;
                    outstanding--;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
            {
                // The server closed the connection; what it answered before is counted.
            }
        }

        return received;
    }

    [GeneratedRegex(@"Answered a udp A query as ")]
    private static partial Regex UdpAnswered();

    [GeneratedRegex(@"Answered a tcp AAAA query as ")]
    private static partial Regex TcpAnswered();
}
