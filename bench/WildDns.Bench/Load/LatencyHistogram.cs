using System.Numerics;

namespace WildDns.Bench.Load;

/// <summary>
/// Latencies in nanoseconds in log-linear buckets (the HdrHistogram layout): exact below 128 ns, then
/// 64 buckets per power of two, so every recorded value is within 1.6% of its bucket's midpoint.
/// Recording is an increment in a fixed array; not thread-safe, one per worker, merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LinearLimit = SubBuckets * 2;

    // Up to 2^40 ns (about 18 minutes), far beyond any drain timeout.
    private readonly long[] _counts = new long[LinearLimit + (40 - SubBucketBits) * SubBuckets];

    public long Count { get; private set; }

    public long MaxNanoseconds { get; private set; }

    public void Record(long nanoseconds)
    {
        var value = Math.Max(nanoseconds, 0);
        var index = Math.Min(IndexOf(value), _counts.Length - 1);
        _counts[index]++;
        Count++;
        if (value > MaxNanoseconds)
        {
            MaxNanoseconds = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The value below which <paramref name="quantile"/> (0..1) of the recordings fall, in nanoseconds; 0 when empty.</summary>
    public double ValueAt(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = BucketOf(i);
                return Math.Min(low + width / 2.0, MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        var mantissa = (int)(value >> shift) - SubBuckets;
        return LinearLimit + (shift - 1) * SubBuckets + mantissa;
    }

    private static (long Low, long Width) BucketOf(int index)
    {
        if (index < LinearLimit)
        {
            return (index, 1);
        }

        var shift = (index - LinearLimit) / SubBuckets + 1;
        var mantissa = (index - LinearLimit) % SubBuckets + SubBuckets;
        return ((long)mantissa << shift, 1L << shift);
    }
}
