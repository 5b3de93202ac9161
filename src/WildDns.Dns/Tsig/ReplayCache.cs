namespace WildDns.Dns.Tsig;

/// <summary>
/// The MACs of signed UPDATEs accepted within their time window (RFC 8945 §5.2.3, §10): a captured message passes the
/// time check for as long as its window lasts, so without this a replayed "delete the TXT set" could wipe a challenge
/// published after it. An entry is kept until the time check refuses the message anyway (Time Signed plus its Fudge,
/// at most <see cref="TransactionSignature.MaxFudge"/>), so the cache holds at most one window of accepted UPDATEs.
/// Thread-safe.
/// </summary>
internal sealed class ReplayCache(int capacity = ReplayCache.DefaultCapacity)
{
    /// <summary>Room for a signed UPDATE every 5 ms, kept for 10 minutes (a message signed up to 300 s ahead).</summary>
    public const int DefaultCapacity = 131_072;

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> expiries = new();
    private readonly Lock gate = new();

    /// <summary>
    /// Records a verified request's MAC; false when the same key and MAC were seen and are still inside their window,
    /// or when the cache is full of live entries (then nothing new is accepted until some expire: refusing is safe, forgetting is not).
    /// </summary>
    public bool TryRecord(TsigRequest request, long now)
    {
        var entry = $"{request.KeyName}/{Convert.ToBase64String(request.Mac)}";
        var expires = request.TimeSigned + Math.Min(request.Fudge, TransactionSignature.MaxFudge);
        lock (gate)
        {
            while (expiries.TryPeek(out var oldest, out var at) && at < now)
            {
                expiries.Dequeue();
                seen.Remove(oldest);
            }

            if (seen.Contains(entry) || seen.Count >= capacity)
            {
                return false;
            }

            seen.Add(entry);
            expiries.Enqueue(entry, expires);
            return true;
        }
    }
}
