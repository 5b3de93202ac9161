using System.Net;
using System.Net.Sockets;

namespace WildDns.Testing;

/// <summary>Loopback ports that are free at the moment of asking, for children that take their port as a switch.</summary>
public static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> different free ports. Ports asked for one by one can repeat, since each is released
    /// before the next is asked for, and a child given the same port twice fails to bind its second listener.
    /// </summary>
    public static int[] Distinct(int count)
    {
        var ports = new HashSet<int>();
        for (var attempt = 0; ports.Count < count; attempt++)
        {
            if (attempt == count * 20)
            {
                throw new InvalidOperationException($"no {count} different loopback ports after {attempt} tries");
            }

            ports.Add(Next());
        }

        return [.. ports];
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (DNS listens on both with one number).</summary>
    /// <remarks>Another process may take it before the child binds it; callers retry a start that fails to bind.</remarks>
    public static int Next()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP by someone else; ask the kernel for another.
            }
        }

        throw new InvalidOperationException("no loopback port free for both TCP and UDP after 20 tries");
    }
}
