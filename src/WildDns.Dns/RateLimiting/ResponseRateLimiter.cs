using System.Numerics;
using System.Runtime.InteropServices;

namespace WildDns.Dns.RateLimiting;

/// <summary>
/// A fixed table of token buckets keyed by a response's class hash (<see cref="ResponseClass"/>), charged once per UDP
/// response. Each bucket is one generic cell rate algorithm (GCRA) timestamp: the time at which the bucket would be full
/// again. A response is within the rate when that time is no more than the burst ahead of now; every response moves it
/// one interval on. Thread-safe: a bucket's set of four is charged under one of a fixed array of locks. Allocates
/// nothing after construction; the clock is a <see cref="TimeProvider"/>, so tests can move time by hand.
/// </summary>
public sealed class ResponseRateLimiter
{
    private const int Ways = 4;
    private const int LockCount = 256;

    private readonly Bucket[] buckets;
    private readonly Lock[] locks;
    private readonly int setMask;
    private readonly long interval;
    private readonly long tolerance;
    private readonly int slip;
    private readonly TimeProvider time;

    public ResponseRateLimiter(RateLimitOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ResponsesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Burst);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Slip);
        this.time = time ?? TimeProvider.System;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(options.TableSize, Ways));
        buckets = new Bucket[size];
        setMask = (size / Ways) - 1;
        locks = new Lock[LockCount];
        for (var i = 0; i < locks.Length; i++)
        {
            locks[i] = new Lock();
        }

        interval = Math.Max(1, this.time.TimestampFrequency / options.ResponsesPerSecond);
        tolerance = interval * (options.Burst - 1);
        slip = options.Slip;
    }

    /// <summary>Buckets in the table.</summary>
    public int Capacity => buckets.Length;

    /// <summary>Charges the bucket of <paramref name="key"/> for one response and says whether it may go out.</summary>
    public RateLimitDecision Decide(uint key)
    {
        var now = time.GetTimestamp();
        var set = (int)(key & (uint)setMask);
        lock (locks[set & (LockCount - 1)])
        {
            ref var bucket = ref Find(set * Ways, key, now);

            // GCRA: the bucket is full again at Due; it holds room for another response while Due - now <= tolerance.
            var due = Math.Max(bucket.Due, now);
            if (due - now > tolerance)
            {
                bucket.Limited++;
                return slip > 0 && bucket.Limited % slip == 0 ? RateLimitDecision.Slip : RateLimitDecision.Drop;
            }

            bucket.Due = due + interval;
            bucket.Limited = 0;
            return RateLimitDecision.Answer;
        }
    }

    /// <summary>
    /// The bucket of <paramref name="key"/> in its set, or, when the key has none, the set's bucket that is fullest again
    /// (the smallest Due, idle longest), taken over for it. A flood keeps its own buckets' Due ahead of now, so other
    /// keys cycling through the set evict each other before they evict a bucket that is limiting.
    /// </summary>
    private ref Bucket Find(int first, uint key, long now)
    {
        var sets = MemoryMarshal.CreateSpan(ref buckets[first], Ways);
        var oldest = 0;
        for (var i = 0; i < Ways; i++)
        {
            if (sets[i].Key == key && sets[i].Due != 0)
            {
                return ref sets[i];
            }

            if (sets[i].Due < sets[oldest].Due)
            {
                oldest = i;
            }
        }

        ref var taken = ref sets[oldest];
        taken = new Bucket { Key = key, Due = Math.Max(now, 1), Limited = 0 };
        return ref taken;
    }

    private struct Bucket
    {
        public long Due;
        public uint Key;
        public int Limited;
    }
}
