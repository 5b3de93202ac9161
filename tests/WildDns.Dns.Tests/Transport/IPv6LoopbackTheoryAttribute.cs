using System.Net;
using System.Net.Sockets;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>A theory that needs ::1; skipped on a host without IPv6 loopback, where the server also starts without it.</summary>
public sealed class IPv6LoopbackTheoryAttribute : TheoryAttribute
{
    public IPv6LoopbackTheoryAttribute()
    {
        if (!HasIPv6Loopback())
        {
            Skip = "this host cannot bind ::1";
        }
    }

    private static bool HasIPv6Loopback()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
