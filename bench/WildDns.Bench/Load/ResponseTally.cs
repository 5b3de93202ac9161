using System.Buffers.Binary;

namespace WildDns.Bench.Load;

/// <summary>
/// What one socket or connection sent and got back. <see cref="Sent"/> is written by its sender,
/// everything else by its receiver (the same thread in closed loop); they are summed after both stop.
/// </summary>
public sealed class ResponseTally
{
    private long _sent;

    public long Sent => Volatile.Read(ref _sent);

    public long Answered { get; private set; }

    /// <summary>Answers counted by RCODE (RFC 1035 §4.1.1, the low four bits only: no EDNS here).</summary>
    public long[] ByResponseCode { get; } = new long[16];

    /// <summary>NOERROR answers with an empty answer section: NODATA (RFC 2308 §2.2).</summary>
    public long NoData { get; private set; }

    public long Truncated { get; private set; }

    /// <summary>Datagrams that were not an answer to a query in flight: too short, QR clear, or an unknown or repeated ID.</summary>
    public long Unmatched { get; private set; }

    private long _socketErrors;

    /// <summary>Failed sends and receives other than timeouts, e.g. ICMP port unreachable when nothing listens.</summary>
    public long SocketErrors => Volatile.Read(ref _socketErrors);

    public LatencyHistogram Latency { get; } = new();

    public void CountSent(int queries = 1) => Volatile.Write(ref _sent, _sent + queries);

    // Both threads of a socket may fail, so this one counter is shared.
    public void CountSocketError() => Interlocked.Increment(ref _socketErrors);

    /// <summary>Matches one response against <paramref name="inFlight"/> and counts it.</summary>
    /// <returns><c>true</c> when it answered a query in flight.</returns>
    public bool Record(ReadOnlySpan<byte> response, InFlightQueries inFlight, long now, double nanosecondsPerTick)
    {
        // QR set (RFC 1035 §4.1.1) and a full header, or it is not an answer at all.
        if (response.Length < QueryMessage.HeaderLength || (response[2] & 0x80) == 0
            || !inFlight.TryComplete(BinaryPrimitives.ReadUInt16BigEndian(response), out var sentAt))
        {
            Unmatched++;
            return false;
        }

        Answered++;
        var code = response[3] & 0x0F;
        ByResponseCode[code]++;
        if (code == 0 && response[6] == 0 && response[7] == 0)
        {
            NoData++;
        }

        if ((response[2] & 0x02) != 0)
        {
            Truncated++;
        }

        Latency.Record((long)((now - sentAt) * nanosecondsPerTick));
        return true;
    }

    public void Add(ResponseTally other)
    {
        _sent += other.Sent;
        Answered += other.Answered;
        for (var i = 0; i < ByResponseCode.Length; i++)
        {
            ByResponseCode[i] += other.ByResponseCode[i];
        }

        NoData += other.NoData;
        Truncated += other.Truncated;
        Unmatched += other.Unmatched;
        _socketErrors += other.SocketErrors;
        Latency.Add(other.Latency);
    }
}
