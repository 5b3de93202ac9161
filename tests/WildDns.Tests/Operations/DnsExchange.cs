using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace WildDns.Tests.Operations;

/// <summary>One query, one answer, over UDP or TCP, with a bounded wait; throws <see cref="TimeoutException"/> when none came.</summary>
internal static class DnsExchange
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<byte[]> UdpAsync(IPEndPoint server, byte[] query)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(query);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..read];
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no UDP answer from {server}");
        }
    }

    public static async Task<byte[]> TcpAsync(IPEndPoint server, byte[] query)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(RawQuery.Framed(query), timeout.Token);
        var length = new byte[2];
        await stream.ReadExactlyAsync(length, timeout.Token);
        var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        await stream.ReadExactlyAsync(response, timeout.Token);
        return response;
    }
}
