namespace WildDns.Bench.Load;

/// <summary>
/// The queries one socket or connection has sent and not yet seen answered, keyed by DNS ID: the send
/// timestamp of each, 0 for a free ID. One sender and one receiver may use it at once: the sender owns
/// <see cref="Begin"/>, the receiver <see cref="TryComplete"/>.
/// </summary>
public sealed class InFlightQueries
{
    private readonly long[] _sentAt = new long[65536];
    private readonly long _staleAfter;
    private uint _random;

    /// <param name="staleAfter">Stopwatch ticks after which an unanswered ID counts as lost and may be reused.</param>
    /// <param name="seed">Distinct per instance, so sockets do not walk the same ID sequence.</param>
    public InFlightQueries(long staleAfter, int seed)
    {
        _staleAfter = staleAfter;
        _random = (uint)seed | 1;
    }

    /// <summary>Picks a random free ID (the RFC 5452 habit resolvers have), records <paramref name="now"/> for it and returns it.</summary>
    public ushort Begin(long now)
    {
        while (true)
        {
            var id = NextRandom();
            ref var slot = ref _sentAt[id];
            var previous = Volatile.Read(ref slot);
            if (previous == 0)
            {
                Volatile.Write(ref slot, now);
                return id;
            }

            // An ID whose answer never came is reused once it is stale; the exchange fails only if the
            // late answer is being matched right now, and then the ID is free on the next round.
            if (now - previous > _staleAfter && Interlocked.CompareExchange(ref slot, now, previous) == previous)
            {
                return id;
            }
        }
    }

    /// <summary>Frees <paramref name="id"/>; <c>false</c> when it was not in flight (a duplicate or foreign answer).</summary>
    public bool TryComplete(ushort id, out long sentAt)
    {
        sentAt = Interlocked.Exchange(ref _sentAt[id], 0);
        return sentAt != 0;
    }

    // xorshift32: a few instructions per ID, no allocation, no shared state between sockets.
    private ushort NextRandom()
    {
        var x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        return (ushort)(x >> 8);
    }
}
