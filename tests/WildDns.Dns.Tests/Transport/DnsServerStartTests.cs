using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>Binding: both address families, and a clear failure when a fixed port is taken.</summary>
public sealed class DnsServerStartTests
{
    public static TheoryData<DnsTransport> Transports() => [DnsTransport.Udp, DnsTransport.Tcp];

    [IPv6LoopbackTheory]
    [MemberData(nameof(Transports))]
    public async Task Server_OnIPv4AndIPv6Loopback_AnswersOnBoth(DnsTransport transport)
    {
        await using var server = TestServer.Start(options => options with
        {
            Endpoints = [new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.IPv6Loopback, 0)],
        });

        server.Server.BoundEndpoints.Should().HaveCount(2);
        foreach (var endpoint in server.Server.BoundEndpoints)
        {
            var response = await DnsExchange.SendAsync(endpoint, transport, new QueryBuilder("fd00--1.cald5f5f7ba45.cert.example.com", 28).Build(), DnsExchange.ReplyTimeout);
            response.Should().NotBeNull($"{endpoint} should answer over {transport}");
            ResponseHeader.Read(response).Answers.Should().Be(1);
        }
    }

    [Fact]
    public void Start_WhenTheTcpPortIsTaken_NamesTheEndpoint_AndLeavesNothingBound()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var start = () => TestServer.Start(options => options with { Endpoints = [new IPEndPoint(IPAddress.Loopback, port)] });

        start.Should().Throw<DnsBindException>().Which.Message.Should().Contain($"127.0.0.1:{port}");
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Invoking(socket => socket.Bind(new IPEndPoint(IPAddress.Loopback, port))).Should().NotThrow("the UDP half was released");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Start_WhenAnotherSocketHoldsTheUdpPort_FailsNamingIt_EvenAReusePortOneOfThisUser(bool reusePort)
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (reusePort)
        {
            squatter.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            squatter.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
        }

        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var start = () => TestServer.Start(options => options with { Endpoints = [new IPEndPoint(IPAddress.Loopback, port)] });

        start.Should().Throw<DnsBindException>().Which.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [LinuxFact]
    public async Task A_Socket_ThatJoinsTheUdpGroupLater_ReceivesNoQuery()
    {
        await using var server = TestServer.Start(options => options with { UdpReceiversPerSocket = 3 });
        using var joiner = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        joiner.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));

        // Linux lets a SO_REUSEPORT socket of the same user join; the group's steering program must never pick it.
        joiner.Bind(server.Endpoint);
        for (var i = 0; i < 60; i++)
        {
            var response = await DnsExchange.SendAsync(server.Endpoint, DnsTransport.Udp, new QueryBuilder("cert.example.com", 6) { Id = (ushort)i }.Build(), DnsExchange.ReplyTimeout);
            response.Should().NotBeNull("query {0} reaches the server, not the joiner", i);
        }

        joiner.Available.Should().Be(0);
    }
}
