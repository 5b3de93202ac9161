using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>The kernel really steers a SO_REUSEPORT group's datagrams where the group says.</summary>
public sealed class ReusePortGroupTests : IDisposable
{
    private const int Senders = 64;
    private readonly List<Socket> sockets = [];

    [LinuxFact]
    public void NewGroup_SendsEveryDatagramToItsFirstSocket()
    {
        var (group, members) = BindGroup(2);

        group.Mode.Should().Be(SteeringMode.Concentrated);
        SendFromManyPorts(members).Should().Equal(Senders, 0);
    }

    [LinuxFact]
    public void BusyFirstLoop_SpreadsTheGroup_AndLightLoad_ConcentratesItAgain()
    {
        var (group, members) = BindGroup(2);
        var first = (int)members[0].Handle;
        var start = Stopwatch.GetTimestamp();

        // Full batches on the first loop: it is falling behind, whatever its CPU share.
        group.OnBatch(0, first, DatagramBatch.Capacity, start);
        for (var i = 0; i < 10; i++)
        {
            group.OnBatch(0, first, DatagramBatch.Capacity, start + i);
        }

        group.OnBatch(0, first, DatagramBatch.Capacity, start + (2 * ReusePortGroup.WindowTicks));
        group.Mode.Should().Be(SteeringMode.Spread);
        var spread = SendFromManyPorts(members);
        spread.Should().OnlyContain(count => count > 0, "the kernel's hash spreads 64 senders over both sockets");
        spread.Sum().Should().Be(Senders);

        // One datagram in a window is light load; the second loop, which now sees traffic, may judge it.
        group.OnBatch(1, (int)members[1].Handle, 1, start + (4 * ReusePortGroup.WindowTicks));
        group.Mode.Should().Be(SteeringMode.Concentrated);
        SendFromManyPorts(members).Should().Equal(Senders, 0);
    }

    public void Dispose() => sockets.ForEach(socket => socket.Dispose());

    private (ReusePortGroup Group, Socket[] Members) BindGroup(int size)
    {
        var group = new ReusePortGroup(size, new SteeringPolicy());
        var members = new Socket[size];
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        for (var i = 0; i < size; i++)
        {
            members[i] = Track(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            members[i].SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
            members[i].Bind(endpoint);
            endpoint = (IPEndPoint)members[i].LocalEndPoint!;
            group.Join(members[i]).Should().Be(i);
        }

        return (group, members);
    }

    /// <summary>
    /// Sends one datagram from each of 64 fresh ports, then counts what each member holds. Loopback delivery is done
    /// by the time sendto returns, so the counts are final without waiting.
    /// </summary>
    private static int[] SendFromManyPorts(Socket[] members)
    {
        var target = (IPEndPoint)members[0].LocalEndPoint!;
        for (var i = 0; i < Senders; i++)
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.SendTo(new byte[] { 1 }, target);
        }

        return members.Select(Drain).ToArray();
    }

    private static int Drain(Socket member)
    {
        var buffer = new byte[16];
        var count = 0;
        member.Blocking = false;
        while (true)
        {
            try
            {
                member.Receive(buffer);
                count++;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return count;
            }
        }
    }

    private Socket Track(Socket socket)
    {
        sockets.Add(socket);
        return socket;
    }
}
