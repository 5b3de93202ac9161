using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WildDns.Dns.Answers;
using WildDns.Dns.RateLimiting;

namespace WildDns.Dns.Transport;

/// <summary>
/// One UDP socket served by blocking receive loops on dedicated threads. ARSoft.Tools.Net's UDP transport reads at
/// most 512 bytes (so EDNS queries with padding or cookies fail) and allocates per message; this loop reads whole
/// datagrams into buffers owned by the thread and answers inline, with no per-query allocation or thread-pool hop.
/// </summary>
internal sealed class DnsUdpListener : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Socket socket;
    private readonly AnswerEngine engine;
    private readonly IAnswerObserver? observer;
    private readonly UpdateQueue? updates;
    private readonly ReflectionGuard? guard;
    private readonly Thread[] threads;
    private readonly ReusePortGroup? group;
    private readonly int member;
    private volatile bool stopping;

    /// <param name="group">
    /// A SO_REUSEPORT group to join (Linux): several sockets on one port, each with its own loop, where the group
    /// decides which socket the kernel hands each datagram to. Null for a socket of its own.
    /// </param>
    /// <param name="receivers">How many receive loops serve this socket.</param>
    /// <param name="updates">Where UPDATEs go to be answered off the receive loops; null answers them inline.</param>
    public DnsUdpListener(
        IPEndPoint endpoint, AnswerEngine engine, IAnswerObserver? observer, DnsServerOptions options, ReusePortGroup? group, int receivers, UpdateQueue? updates = null)
    {
        this.group = group;
        this.updates = updates;
        this.engine = engine;
        this.observer = observer;
        guard = options.Guard;
        socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.ReceiveBufferSize = options.UdpReceiveBufferBytes;

            // Elsewhere a timeout lets the loops notice a stop request and finish the message in hand before the
            // socket closes. On Linux a stop shuts the socket down for reading instead, which wakes blocked loops at
            // once and spares every sleep the cost of arming a timer.
            if (!OperatingSystem.IsLinux())
            {
                socket.ReceiveTimeout = (int)PollInterval.TotalMilliseconds;
            }

            if (group is null)
            {
                socket.Bind(endpoint);
            }
            else
            {
                member = group.Bind(socket, endpoint);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        threads = new Thread[Math.Max(1, receivers)];
        for (var i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(ReceiveLoop) { IsBackground = true, Name = $"dns-udp {LocalEndPoint} #{i}" };
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start()
    {
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    /// <summary>Stops receiving; a message already received is answered first.</summary>
    public void Stop(TimeSpan grace)
    {
        stopping = true;
        WakeReceivers();
        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        foreach (var thread in threads)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (thread.IsAlive)
            {
                thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }

        socket.Dispose();
    }

    public void Dispose()
    {
        stopping = true;
        WakeReceivers();
        socket.Dispose();
    }

    /// <summary>
    /// shutdown(2) on a UDP socket wakes its blocked readers on Linux, which then read nothing; it also reports
    /// ENOTCONN for an unconnected socket, which is expected here. Replies can still be sent.
    /// </summary>
    private void WakeReceivers()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ENOTCONN still wakes the readers; a disposed socket has none.
        }
    }

    private void ReceiveLoop()
    {
        if (OperatingSystem.IsLinux())
        {
            BatchReceiveLoop();
            return;
        }

        SingleReceiveLoop();
    }

    /// <summary>
    /// The Linux loop: recvmmsg and sendmmsg move every queued datagram with one call each way. The socket handle is
    /// referenced for the loop's lifetime, so a concurrent Dispose cannot hand its descriptor number to another socket
    /// while a call is under way.
    /// </summary>
    private void BatchReceiveLoop()
    {
        var handle = socket.SafeHandle;
        var referenced = false;
        using var batch = new DatagramBatch();
        try
        {
            handle.DangerousAddRef(ref referenced);
            var descriptor = (int)handle.DangerousGetHandle();
            while (!stopping)
            {
                var received = batch.Receive(descriptor);
                if (received < 0)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < received; i++)
                {
                    var request = batch.Request(i);
                    if (stopping && request.IsEmpty)
                    {
                        // The empty read that shutdown(2) wakes each loop with: not a message, so neither answered nor counted.
                        continue;
                    }

                    if (updates is not null && UpdateQueue.Takes(request))
                    {
                        updates.Post(request, batch.Sender(i), socket);
                        continue;
                    }

                    var outcome = engine.Answer(request, batch.ResponseBuffer(i), overTcp: false);
                    var length = guard?.Apply(request, batch.ResponseBuffer(i), outcome.Length, SourceAddress.FromLinux(batch.SourceAddress(i))) ?? outcome.Length;
                    if (length > 0)
                    {
                        batch.Queue(i, length);
                    }

                    observer?.OnAnswered(in outcome, DnsTransport.Udp, start);
                }

                batch.Send(descriptor);
                if (received > 0)
                {
                    group?.OnBatch(member, descriptor, received, start);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed before the loop began.
        }
        finally
        {
            group?.Leave(member);
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void SingleReceiveLoop()
    {
        var request = new byte[65535];
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var sender = new SocketAddress(socket.AddressFamily);
        while (!stopping)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(request, SocketFlags.None, sender);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            if (stopping && received == 0)
            {
                // The empty read that shutdown(2) wakes each loop with: not a message, so neither answered nor counted.
                continue;
            }

            if (updates is not null && UpdateQueue.Takes(request.AsSpan(0, received)))
            {
                updates.Post(request.AsSpan(0, received), sender.Buffer.Span[..sender.Size], socket);
                continue;
            }

            var start = Stopwatch.GetTimestamp();
            var outcome = engine.Answer(request.AsSpan(0, received), response, overTcp: false);
            var length = guard?.Apply(request.AsSpan(0, received), response, outcome.Length, SourceAddress.From(sender)) ?? outcome.Length;
            if (length > 0)
            {
                try
                {
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, sender);
                }
                catch (SocketException)
                {
                    // The requester's port may be gone (ICMP unreachable); nothing to do but go on.
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }

            observer?.OnAnswered(in outcome, DnsTransport.Udp, start);
        }
    }
}
