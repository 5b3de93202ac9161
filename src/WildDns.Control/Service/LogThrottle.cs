namespace WildDns.Control.Service;

/// <summary>
/// Lets at most <c>perWindow</c> log entries of one kind through per <c>window</c>, and counts the rest, so that a flood of
/// bad calls cannot flood the log; the next entry let through says how many were held back. Thread-safe.
/// </summary>
internal sealed class LogThrottle(TimeProvider time, int perWindow, TimeSpan window)
{
    private readonly Lock gate = new();
    private DateTimeOffset windowStart = DateTimeOffset.MinValue;
    private int written;
    private int held;

    /// <summary>True when this entry may be written; then <paramref name="heldBack"/> is how many were not since the last written one.</summary>
    public bool TryEnter(out int heldBack)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now - windowStart >= window)
            {
                windowStart = now;
                written = 0;
            }

            if (written < perWindow)
            {
                written++;
                heldBack = held;
                held = 0;
                return true;
            }

            held++;
            heldBack = 0;
            return false;
        }
    }
}
