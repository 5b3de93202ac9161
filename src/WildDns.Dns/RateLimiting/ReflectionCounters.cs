using System.Numerics;

namespace WildDns.Dns.RateLimiting;

/// <summary>
/// Counts of <see cref="ReflectionEvent"/>, one slot per event in a stripe per processor, so that receive loops on
/// different cores do not contend for a cache line. Thread-safe; <see cref="Add"/> allocates nothing.
/// </summary>
public sealed class ReflectionCounters
{
    private const int Events = (int)ReflectionEvent.CookieMalformed + 1;

    // 8 slots (64 bytes) per stripe at least, so stripes sit on cache lines of their own.
    private const int StripeWidth = Events < 8 ? 8 : Events;

    private readonly long[] counts;
    private readonly int stripeMask;

    public ReflectionCounters()
    {
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 16));
        stripeMask = stripes - 1;
        counts = new long[stripes * StripeWidth];
    }

    public void Add(ReflectionEvent what) =>
        Interlocked.Increment(ref counts[((Thread.GetCurrentProcessorId() & stripeMask) * StripeWidth) + (int)what]);

    /// <summary>The count so far, summed over the stripes.</summary>
    public long this[ReflectionEvent what]
    {
        get
        {
            long total = 0;
            for (var stripe = 0; stripe <= stripeMask; stripe++)
            {
                total += Volatile.Read(ref counts[(stripe * StripeWidth) + (int)what]);
            }

            return total;
        }
    }
}
