using System.Diagnostics;

namespace WildDns.Bench.Load;

/// <summary>
/// Open-loop pacing by timestamp: the n-th query of a channel is due at <c>start + n / rate</c>,
/// whatever the answers do, so a slow server sees the offered load rather than a polite client.
/// </summary>
public struct SendSchedule
{
    private readonly long _start;
    private readonly double _queriesPerTick;
    private long _scheduled;

    public SendSchedule(long start, double queriesPerSecond)
    {
        _start = start;
        _queriesPerTick = queriesPerSecond / Stopwatch.Frequency;
    }

    /// <summary>How many queries are due at <paramref name="now"/> and not yet handed out, at most <paramref name="limit"/>.</summary>
    public int TakeDue(long now, int limit)
    {
        var due = (long)((now - _start) * _queriesPerTick) - _scheduled;
        var taken = (int)Math.Clamp(due, 0, limit);
        _scheduled += taken;
        return taken;
    }

    /// <summary>
    /// Sleeps until the next query is due. Sleeping rather than spinning keeps the generator off the
    /// core the server needs; the millisecond granularity only groups sends into small bursts.
    /// </summary>
    public readonly void WaitForNext(long now)
    {
        var next = _start + (long)((_scheduled + 1) / _queriesPerTick);
        if (next > now)
        {
            Thread.Sleep(1);
        }
    }
}
