using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using WildDns.Dns.Transport;

namespace WildDns.Dns.Tests.Transport;

/// <summary>
/// Sends queries to a server and reads what comes back: through ARSoft.Tools.Net's client where it can express the
/// query, and through plain sockets for messages a client library would not send. Every wait is bounded.
/// </summary>
internal static class DnsExchange
{
    /// <summary>How long to wait for an answer that must come.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long to listen before concluding that no answer is coming.</summary>
    public static readonly TimeSpan SilenceWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>Asks through ARSoft's DnsClient over one transport, with response validation on.</summary>
    public static async Task<DnsMessage> QueryAsync(IPEndPoint server, DnsTransport transport, DnsMessage query)
    {
        IClientTransport carrier = transport == DnsTransport.Udp ? new UdpClientTransport(server.Port) : new TcpClientTransport(server.Port);
        var client = new DnsClient([server.Address], [carrier], false, (int)ReplyTimeout.TotalMilliseconds);
        var response = await client.SendMessageAsync(query);
        return response ?? throw new TimeoutException($"no answer over {transport} from {server} to {query.Questions[0]}");
    }

    /// <summary>Sends raw bytes and returns the raw answer, or null when none came within <paramref name="wait"/>.</summary>
    public static Task<byte[]?> SendAsync(IPEndPoint server, DnsTransport transport, byte[] message, TimeSpan wait) =>
        transport == DnsTransport.Udp ? SendUdpAsync(server, message, wait) : SendTcpAsync(server, message, wait);

    /// <summary>Sends raw bytes and parses the answer, which must come.</summary>
    public static async Task<DnsMessage> ExchangeAsync(IPEndPoint server, DnsTransport transport, byte[] message)
    {
        var response = await SendAsync(server, transport, message, ReplyTimeout)
            ?? throw new TimeoutException($"no answer over {transport} from {server}");
        return Parse(response);
    }

    public static DnsMessage Parse(byte[] response) => DnsMessage.Parse(new ArraySegment<byte>(response));

    public static async Task<byte[]?> SendUdpAsync(IPEndPoint server, byte[] message, TimeSpan wait)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(message, SocketFlags.None);
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..received];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // ICMP port unreachable: nobody listens (yet).
            return null;
        }
    }

    public static async Task<byte[]?> SendTcpAsync(IPEndPoint server, byte[] message, TimeSpan wait)
    {
        using var socket = await ConnectTcpAsync(server);
        await socket.SendAsync(Frame(message), SocketFlags.None);
        return await ReadFrameAsync(socket, wait);
    }

    public static async Task<Socket> ConnectTcpAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            await socket.ConnectAsync(server, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>RFC 1035 §4.2.2: a two-byte length before each message over TCP.</summary>
    public static byte[] Frame(byte[] message) => [(byte)(message.Length >> 8), (byte)message.Length, .. message];

    /// <summary>Reads one length-prefixed message; null when the connection ends or nothing complete arrives in time.</summary>
    public static async Task<byte[]?> ReadFrameAsync(Socket socket, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var prefix = new byte[2];
            if (!await ReadExactlyAsync(socket, prefix, timeout.Token))
            {
                return null;
            }

            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            return await ReadExactlyAsync(socket, message, timeout.Token) ? message : null;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return null;
        }
    }

    /// <summary>True when the server closed (or reset) the connection within <paramref name="wait"/>, discarding any data.</summary>
    public static async Task<bool> IsClosedByServerAsync(Socket socket, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellation)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellation);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
