using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WildDns.Bench.Load;

/// <summary>
/// One TCP connection carrying pipelined queries, each behind a 2-byte length (RFC 1035 §4.2.2,
/// RFC 7766 §6.2.1.1), answered in whatever order the server chooses. Closed loop runs on one thread
/// and sends as many new queries as answers arrived, in one write; open loop on two. A connection the
/// server closes is opened again, and what was in flight on it counts as lost.
/// </summary>
public sealed class TcpChannel : IQueryChannel
{
    private const int FrameLimit = 2 + QueryMessage.MaxLength;
    private const int ReceiveTimeoutMilliseconds = 100;

    private readonly IPEndPoint _server;
    private readonly QuerySet _queries;
    private readonly InFlightQueries _inFlight;
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _receiveBuffer = new byte[2 * (2 + 65535)];
    private Socket? _socket;
    private int _received;
    private int _next;

    public TcpChannel(IPEndPoint server, QuerySet queries, int index, int channels, int batchLimit, TimeSpan timeout)
    {
        _server = server;
        _queries = queries;
        _inFlight = new InFlightQueries((long)(timeout.TotalSeconds * Stopwatch.Frequency), unchecked((int)(0x9E3779B9u * (uint)(index + 1))));
        _next = (int)((long)queries.Count * index / channels);
        _sendBuffer = new byte[batchLimit * FrameLimit];
    }

    public ResponseTally Tally { get; } = new();

    public void RunClosedLoop(int window, long stopAt, long drainUntil)
    {
        var outstanding = 0;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            if (_socket is null && !TryConnect(stopAt))
            {
                break;
            }

            // Refill in batches, once half the window is answered: one write of many queries costs
            // the client far less than one write per answer, and it leaves the cores to the server.
            if (outstanding <= window / 2)
            {
                if (!SendBatch(window - outstanding))
                {
                    outstanding = 0;
                    continue;
                }

                outstanding = window;
            }

            var answers = ReceiveSome();
            if (answers < 0)
            {
                // Closed or silent: whatever was in flight on this connection is lost.
                outstanding = 0;
                continue;
            }

            outstanding -= answers;
        }

        Drain(drainUntil);
    }

    public void RunOpenLoopSender(long start, double queriesPerSecond, long stopAt)
    {
        var schedule = new SendSchedule(start, queriesPerSecond);
        var batchLimit = _sendBuffer.Length / FrameLimit;
        for (var now = Stopwatch.GetTimestamp(); now < stopAt; now = Stopwatch.GetTimestamp())
        {
            var due = schedule.TakeDue(now, batchLimit);
            if (due == 0)
            {
                schedule.WaitForNext(now);
            }
            else if (!SendBatch(due))
            {
                // The receiver reconnects; the queries offered meanwhile count as sent and lost.
                Thread.Sleep(1);
            }
        }
    }

    public void RunOpenLoopReceiver(Func<bool> senderDone, long drainUntil)
    {
        while (!senderDone() && Stopwatch.GetTimestamp() < drainUntil)
        {
            if (Volatile.Read(ref _socket) is null)
            {
                TryConnect(drainUntil);
            }
            else if (ReceiveSome() < 0 && Volatile.Read(ref _socket) is null)
            {
                Thread.Sleep(1);
            }
        }

        Drain(drainUntil);
    }

    /// <summary>Opens the connection before the clock starts, so the run measures queries rather than handshakes.</summary>
    public bool TryConnect(long giveUpAt)
    {
        while (Stopwatch.GetTimestamp() < giveUpAt)
        {
            var socket = new Socket(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                ReceiveTimeout = ReceiveTimeoutMilliseconds,
            };
            try
            {
                socket.Connect(_server);
                _received = 0;
                Volatile.Write(ref _socket, socket);
                return true;
            }
            catch (SocketException)
            {
                socket.Dispose();
                Tally.CountSocketError();
                Thread.Sleep(10);
            }
        }

        return false;
    }

    public void Dispose() => _socket?.Dispose();

    private void Drain(long drainUntil)
    {
        while (Tally.Answered < Tally.Sent && _socket is not null && Stopwatch.GetTimestamp() < drainUntil)
        {
            ReceiveSome();
        }
    }

    /// <returns><c>false</c> when the connection is gone; the queries count as sent either way.</returns>
    private bool SendBatch(int count)
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null)
        {
            Tally.CountSent(count);
            return false;
        }

        var at = 0;
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var query = _queries[_next];
            _next = _next + 1 == _queries.Count ? 0 : _next + 1;
            BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer.AsSpan(at), (ushort)query.Length);
            query.CopyTo(_sendBuffer.AsSpan(at + 2));
            BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer.AsSpan(at + 2), _inFlight.Begin(now));
            at += 2 + query.Length;
        }

        try
        {
            for (var sent = 0; sent < at;)
            {
                sent += socket.Send(_sendBuffer.AsSpan(sent, at - sent));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Tally.CountSent(count);
            Lose(socket);
            return false;
        }

        Tally.CountSent(count);
        return true;
    }

    /// <returns>How many answers were counted, or -1 when the connection closed or stayed silent.</returns>
    private int ReceiveSome()
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null)
        {
            return -1;
        }

        int length;
        try
        {
            length = socket.Receive(_receiveBuffer.AsSpan(_received));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return -1;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Lose(socket);
            return -1;
        }

        if (length == 0)
        {
            Lose(socket);
            return -1;
        }

        _received += length;
        var now = Stopwatch.GetTimestamp();
        var answers = 0;
        var at = 0;
        while (_received - at >= 2)
        {
            var frame = BinaryPrimitives.ReadUInt16BigEndian(_receiveBuffer.AsSpan(at));
            if (_received - at - 2 < frame)
            {
                break;
            }

            if (Tally.Record(_receiveBuffer.AsSpan(at + 2, frame), _inFlight, now, _nanosecondsPerTick))
            {
                answers++;
            }

            at += 2 + frame;
        }

        // Keep the partial frame at the start; the buffer holds two maximum-size frames, so there is always room.
        _receiveBuffer.AsSpan(at, _received - at).CopyTo(_receiveBuffer);
        _received -= at;
        return answers;
    }

    private void Lose(Socket socket)
    {
        if (Interlocked.CompareExchange(ref _socket, null, socket) == socket)
        {
            Tally.CountSocketError();
            socket.Dispose();
        }
    }
}
