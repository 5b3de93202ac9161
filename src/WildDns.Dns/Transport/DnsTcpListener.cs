using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WildDns.Dns.Answers;

namespace WildDns.Dns.Transport;

/// <summary>
/// DNS over TCP (RFC 7766): many pipelined queries per connection, answered in order as each completes, a deadline
/// for every message (which bounds idle and slow senders alike), and a cap on open connections that one source cannot
/// take whole: each source (an IPv4 address, an IPv6 /64) holds at most <see cref="DnsServerOptions.MaxTcpConnectionsPerSource"/>,
/// and once the open connections reach the cap less <see cref="DnsServerOptions.TcpReservedPercent"/>, only sources
/// with none open get the rest, so that a resolver retrying a truncated answer still gets in while others crowd the port.
/// </summary>
internal sealed class DnsTcpListener : IDisposable
{
    private const int MaxFrame = 2 + 65535;

    private static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly Socket listener;
    private readonly AnswerEngine engine;
    private readonly IAnswerObserver? observer;
    private readonly DnsServerOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly HashSet<Task> connections = [];
    private readonly Dictionary<UInt128, int> sources = [];
    private readonly int reserved;
    private Task acceptLoop = Task.CompletedTask;
    private int open;

    public DnsTcpListener(IPEndPoint endpoint, AnswerEngine engine, IAnswerObserver? observer, DnsServerOptions options)
    {
        this.engine = engine;
        this.observer = observer;
        this.options = options;
        reserved = (int)((long)options.MaxTcpConnections * Math.Clamp(options.TcpReservedPercent, 0, 100) / 100);
        listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.DualMode = false;
            }

            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int OpenConnections => Volatile.Read(ref open);

    public void Start() => acceptLoop = Task.Run(AcceptLoopAsync);

    /// <summary>Stops accepting, lets each connection finish the messages it has read, then closes them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        listener.Dispose();
        await stopping.CancelAsync().ConfigureAwait(false);
        Task[] pending;
        lock (connections)
        {
            pending = [acceptLoop, .. connections];
        }

        await Task.WhenAll(pending).WaitAsync(grace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (SocketException) when (!stopping.IsCancellationRequested)
            {
                // Out of descriptors or buffers under a connection flood: TCP must come back once they free up, not
                // end for good; the pause keeps a persistent error from spinning a core.
                await Task.Delay(AcceptRetryDelay, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var source = SourceOf(client.RemoteEndPoint);
            if (!TryAdmit(source))
            {
                client.Dispose();
                continue;
            }

            observer?.OnTcpConnections(1);
            var task = ServeAsync(client, source);
            lock (connections)
            {
                connections.Add(task);
            }

            _ = task.ContinueWith(
                done =>
                {
                    lock (connections)
                    {
                        connections.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// A source is an IPv4 address or an IPv6 /64: one host commonly has a whole /64 (RFC 6177), so counting its
    /// addresses one by one would not limit it.
    /// </summary>
    private static UInt128 SourceOf(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return UInt128.Zero;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? new UInt128(0, (1UL << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }

    /// <summary>Takes a slot for <paramref name="source"/>, or says no: cap reached, source at its limit, or only reserved slots left and the source already has one.</summary>
    private bool TryAdmit(UInt128 source)
    {
        lock (sources)
        {
            var held = sources.GetValueOrDefault(source);
            if (open >= options.MaxTcpConnections
                || held >= options.MaxTcpConnectionsPerSource
                || (held > 0 && open >= options.MaxTcpConnections - reserved))
            {
                return false;
            }

            sources[source] = held + 1;
            Volatile.Write(ref open, open + 1);
            return true;
        }
    }

    private void Release(UInt128 source)
    {
        lock (sources)
        {
            var held = sources.GetValueOrDefault(source) - 1;
            if (held > 0)
            {
                sources[source] = held;
            }
            else
            {
                sources.Remove(source);
            }

            Volatile.Write(ref open, open - 1);
        }
    }

    private async Task ServeAsync(Socket client, UInt128 source)
    {
        var input = ArrayPool<byte>.Shared.Rent(MaxFrame);
        var output = ArrayPool<byte>.Shared.Rent(MaxFrame + AnswerEngine.ResponseBufferSize);

        // Reads end at the deadline or at a stop; sends at a deadline of their own, so that a stop never cuts off an answer
        // already made. (Each is reset with TryReset, which would also drop a link made to it: neither is linked to the other.)
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        using var sendDeadline = new CancellationTokenSource();
        try
        {
            client.NoDelay = true;
            var filled = 0;
            deadline.CancelAfter(options.TcpIdleTimeout);
            while (true)
            {
                var read = await client.ReceiveAsync(input.AsMemory(filled), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                int answered;
                do
                {
                    (var consumed, var written, answered) = AnswerFrames(input.AsSpan(0, filled), output);

                    // Only a message counts as activity (RFC 7766 §6.2.3 closes idle connections): an empty frame asks
                    // nothing, so a stream of them must not hold a slot forever.
                    if (answered > 0 && deadline.TryReset())
                    {
                        deadline.CancelAfter(options.TcpIdleTimeout);
                    }

                    if (written > 0)
                    {
                        // The deadline bounds sends too: a peer that never reads its answers would otherwise hold the
                        // connection, and a slot under the cap, until shutdown (RFC 7766 §6.2.3 lets us close it).
                        if (sendDeadline.TryReset())
                        {
                            sendDeadline.CancelAfter(options.TcpIdleTimeout);
                        }

                        await client.SendAsync(output.AsMemory(0, written), SocketFlags.None, sendDeadline.Token).ConfigureAwait(false);
                    }

                    input.AsSpan(consumed, filled - consumed).CopyTo(input);
                    filled -= consumed;
                }
                while (answered > 0 && filled >= 2);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await CloseAfterAnswersAsync(client, input).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Idle, too slow, reset by the peer, or shutting down: the connection simply ends.
        }
        finally
        {
            client.Dispose();
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
            Release(source);
            observer?.OnTcpConnections(-1);
        }
    }

    /// <summary>
    /// Closes a connection on shutdown without losing answers already sent. Closing a socket with unread queries in its
    /// receive buffer makes the kernel reset the connection (RFC 1122 §4.2.2.13), which discards answers still in the send
    /// buffer; so the server sends FIN after its answers and reads (and drops) what the peer still sends until it closes too,
    /// for at most <see cref="CloseLinger"/>.
    /// </summary>
    private static async Task CloseAfterAnswersAsync(Socket client, byte[] scratch)
    {
        try
        {
            client.Shutdown(SocketShutdown.Send);
            using var linger = new CancellationTokenSource(CloseLinger);
            while (await client.ReceiveAsync(scratch, SocketFlags.None, linger.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The peer went away or kept sending past the linger: the close below ends it either way.
        }
    }

    /// <summary>Answers every complete length-prefixed message in <paramref name="input"/>; responses go to <paramref name="output"/>.</summary>
    private (int Consumed, int Written, int Answered) AnswerFrames(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var consumed = 0;
        var written = 0;
        var answered = 0;
        while (input.Length - consumed >= 2)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(input[consumed..]);
            if (input.Length - consumed - 2 < length || output.Length - written < 2 + AnswerEngine.ResponseBufferSize)
            {
                break;
            }

            if (length == 0)
            {
                consumed += 2;
                continue;
            }

            var start = Stopwatch.GetTimestamp();
            var outcome = engine.Answer(input.Slice(consumed + 2, length), output[(written + 2)..], overTcp: true);
            consumed += 2 + length;
            answered++;
            if (outcome.Length > 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(output[written..], (ushort)outcome.Length);
                written += 2 + outcome.Length;
            }

            observer?.OnAnswered(in outcome, DnsTransport.Tcp, start);
        }

        return (consumed, written, answered);
    }
}
