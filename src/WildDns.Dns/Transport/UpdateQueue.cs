using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using WildDns.Dns.Answers;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Transport;

/// <summary>
/// UPDATEs received over UDP, answered by one worker instead of the receive loop: applying one writes the challenge
/// store (an fsync, or a wait on a full disk), which must not stall the loop that answers every other query. The worker
/// answers in order, so updates keep the order they arrived in; when it falls behind by <see cref="Capacity"/> messages,
/// new ones are dropped and their senders retry, as after a lost datagram.
/// </summary>
internal sealed class UpdateQueue : IAsyncDisposable
{
    public const int Capacity = 256;

    private readonly AnswerEngine engine;
    private readonly IAnswerObserver? observer;
    private readonly Channel<PendingUpdate> pending = Channel.CreateBounded<PendingUpdate>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Task worker;

    public UpdateQueue(AnswerEngine engine, IAnswerObserver? observer)
    {
        this.engine = engine;
        this.observer = observer;
        worker = Task.Run(AnswerAsync);
    }

    /// <summary>
    /// True for a request with opcode UPDATE (RFC 2136 §2.2), which goes to the worker; the receive loop answers every
    /// other message itself. Reads only the header, so a malformed message is left to the answer engine.
    /// </summary>
    public static bool Takes(ReadOnlySpan<byte> request) =>
        request.Length >= QueryParser.HeaderLength && (request[2] & 0x80) == 0 && ((request[2] >> 3) & 0xF) == DnsFlags.OpcodeUpdate;

    /// <summary>Queues a copy of <paramref name="request"/> from <paramref name="sender"/> (a sockaddr), to be answered through <paramref name="socket"/>.</summary>
    public void Post(ReadOnlySpan<byte> request, ReadOnlySpan<byte> sender, Socket socket)
    {
        var address = new SocketAddress(socket.AddressFamily, sender.Length);
        sender.CopyTo(address.Buffer.Span);
        pending.Writer.TryWrite(new PendingUpdate(request.ToArray(), address, socket, Stopwatch.GetTimestamp()));
    }

    /// <summary>Answers what is queued, within <paramref name="grace"/>; call once the receive loops have stopped.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        pending.Writer.TryComplete();
        await worker.WaitAsync(grace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);

    private async Task AnswerAsync()
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];
        await foreach (var update in pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var outcome = engine.Answer(update.Request, response, overTcp: false);
            if (outcome.Length > 0)
            {
                try
                {
                    update.Socket.SendTo(response.AsSpan(0, outcome.Length), SocketFlags.None, update.Sender);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // The sender's port is gone, or the server is stopping: the answer cannot be sent.
                }
            }

            observer?.OnAnswered(in outcome, DnsTransport.Udp, update.Received);
        }
    }

    private sealed record PendingUpdate(byte[] Request, SocketAddress Sender, Socket Socket, long Received);
}
