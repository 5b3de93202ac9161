using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WildDns.Bench.Load;

/// <summary>
/// One connected UDP socket and the queries in flight on it. Closed loop runs on one thread (receive
/// one answer, send one query); open loop on two (a paced sender, a receiver). All buffers are
/// allocated here, once: the loops themselves allocate nothing.
/// </summary>
public sealed class UdpChannel : IQueryChannel
{
    // Short enough that a lost datagram stalls a closed loop only briefly, long enough never to fire
    // while a loopback server is answering.
    private const int ReceiveTimeoutMilliseconds = 100;

    private readonly Socket _socket;
    private readonly QuerySet _queries;
    private readonly InFlightQueries _inFlight;
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly byte[] _sendBuffer = new byte[QueryMessage.MaxLength];
    private readonly byte[] _receiveBuffer = new byte[65535];
    private int _next;

    public UdpChannel(IPEndPoint server, QuerySet queries, int index, int channels, TimeSpan timeout)
    {
        _queries = queries;
        _inFlight = new InFlightQueries((long)(timeout.TotalSeconds * Stopwatch.Frequency), unchecked((int)(0x9E3779B9u * (uint)(index + 1))));
        // Channels start at different points of the name list so they do not ask the same names in step.
        _next = (int)((long)queries.Count * index / channels);
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveTimeout = ReceiveTimeoutMilliseconds,
            ReceiveBufferSize = 1 << 22,
            SendBufferSize = 1 << 22,
        };
        _socket.Connect(server);
    }

    public ResponseTally Tally { get; } = new();

    /// <summary>Keeps <paramref name="window"/> queries outstanding until <paramref name="stopAt"/>, then waits for answers until <paramref name="drainUntil"/>.</summary>
    public void RunClosedLoop(int window, long stopAt, long drainUntil)
    {
        var outstanding = 0;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            for (; outstanding < window; outstanding++)
            {
                SendOne();
            }

            switch (ReceiveOne())
            {
                case Received.Answer:
                    outstanding--;
                    break;
                case Received.Nothing:
                    // Nothing came back for a while: what is outstanding is lost, send afresh.
                    outstanding = 0;
                    break;
            }
        }

        Drain(drainUntil);
    }

    /// <summary>Sends <paramref name="queriesPerSecond"/> paced queries from <paramref name="start"/> until <paramref name="stopAt"/>.</summary>
    public void RunOpenLoopSender(long start, double queriesPerSecond, long stopAt)
    {
        var schedule = new SendSchedule(start, queriesPerSecond);
        for (var now = Stopwatch.GetTimestamp(); now < stopAt; now = Stopwatch.GetTimestamp())
        {
            var due = schedule.TakeDue(now, 256);
            if (due == 0)
            {
                schedule.WaitForNext(now);
                continue;
            }

            for (var i = 0; i < due; i++)
            {
                SendOne();
            }
        }
    }

    /// <summary>Counts answers until <paramref name="senderDone"/> is set and all are in, or <paramref name="drainUntil"/>.</summary>
    public void RunOpenLoopReceiver(Func<bool> senderDone, long drainUntil)
    {
        while (!senderDone() && Stopwatch.GetTimestamp() < drainUntil)
        {
            ReceiveOne();
        }

        Drain(drainUntil);
    }

    public void Dispose() => _socket.Dispose();

    private void Drain(long drainUntil)
    {
        while (Tally.Answered < Tally.Sent && Stopwatch.GetTimestamp() < drainUntil)
        {
            ReceiveOne();
        }
    }

    private void SendOne()
    {
        var query = _queries[_next];
        _next = _next + 1 == _queries.Count ? 0 : _next + 1;
        query.CopyTo(_sendBuffer);
        BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer, _inFlight.Begin(Stopwatch.GetTimestamp()));
        try
        {
            _socket.Send(_sendBuffer.AsSpan(0, query.Length));
        }
        catch (SocketException)
        {
            // The query still counts as sent: it was offered, and it will be counted lost.
            Tally.CountSocketError();
        }

        Tally.CountSent();
    }

    private Received ReceiveOne()
    {
        int length;
        try
        {
            length = _socket.Receive(_receiveBuffer);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return Received.Nothing;
        }
        catch (SocketException)
        {
            // ICMP port unreachable and the like: nothing listens yet. Back off instead of spinning.
            Tally.CountSocketError();
            Thread.Sleep(1);
            return Received.Nothing;
        }

        return Tally.Record(_receiveBuffer.AsSpan(0, length), _inFlight, Stopwatch.GetTimestamp(), _nanosecondsPerTick)
            ? Received.Answer
            : Received.Other;
    }

    private enum Received
    {
        Answer,
        Other,
        Nothing,
    }
}
