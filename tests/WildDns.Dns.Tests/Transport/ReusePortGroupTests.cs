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
    private readonly List<ReusePortGroup> groups = [];

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

        // The first loop's thread (this one) stays busy, reporting a datagram at a time, until the group spreads: two
        // windows on a quiet machine. On a loaded one a window in which this thread was held off its core longer than
        // the scheduler counts as waiting (a GC pause of the test host) is judged light, so it keeps at it, for at most
        // twenty windows.
        group.OnBatch(0, first, 1, start);
        var deadline = start + (20 * ReusePortGroup.WindowTicks);
        long now;
        while ((now = Stopwatch.GetTimestamp()) < deadline && (now < start + (2 * ReusePortGroup.WindowTicks) || group.Mode != SteeringMode.Spread))
        {
            group.OnBatch(0, first, 1, now);
        }

        group.Mode.Should().Be(SteeringMode.Spread);
        // Dealt out per datagram, so even one sender's queries reach both loops.
        var spread = SendFromOnePort(members);
        spread.Should().OnlyContain(count => count > 0);
        spread.Sum().Should().Be(Senders);

        // The second loop, which now sees traffic too, closes the busy window, and then judges a window with one
        // datagram in it: light load.
        var second = (int)members[1].Handle;
        group.OnBatch(1, second, 1, now + ReusePortGroup.WindowTicks);
        group.OnBatch(1, second, 1, now + (3 * ReusePortGroup.WindowTicks));
        group.Mode.Should().Be(SteeringMode.Concentrated);
        SendFromManyPorts(members).Should().Equal(Senders, 0);
    }

    public void Dispose()
    {
        // This thread stood in for the first loop, so it is the one to leave.
        groups.ForEach(group => group.Leave(0));
        sockets.ForEach(socket => socket.Dispose());
    }

    private (ReusePortGroup Group, Socket[] Members) BindGroup(int size)
    {
        var group = new ReusePortGroup(size, new SteeringPolicy());
        groups.Add(group);
        var members = new Socket[size];
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        for (var i = 0; i < size; i++)
        {
            members[i] = Track(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            group.Bind(members[i], endpoint).Should().Be(i);
            endpoint = (IPEndPoint)members[i].LocalEndPoint!;
        }

        return (group, members);
    }

    /// <summary>
    /// Sends one datagram from each of 64 fresh ports, then counts what each member holds. Loopback delivery is done
    /// by the time sendto returns, so the counts are final without waiting.
    /// </summary>
    private static int[] SendFromManyPorts(Socket[] members)
    {
        for (var i = 0; i < Senders; i++)
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.SendTo(new byte[] { 1 }, members[0].LocalEndPoint!);
        }

        return members.Select(Drain).ToArray();
    }

    /// <summary>Sends 64 datagrams from one port, then counts what each member holds.</summary>
    private static int[] SendFromOnePort(Socket[] members)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var i = 0; i < Senders; i++)
        {
            sender.SendTo(new byte[] { 1 }, members[0].LocalEndPoint!);
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
