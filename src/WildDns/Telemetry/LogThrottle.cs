using System.Collections.Concurrent;

namespace WildDns.Telemetry;

/// <summary>
/// Lets one log line per key through per interval and counts the rest, so that a flood of one failure gives a line and a
/// count rather than a line per request. Keys should come from a small fixed set (a transport and an exception type).
/// Thread-safe.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    /// <summary>
    /// True when a line for <paramref name="key"/> may be written now, with <paramref name="suppressed"/> the number held
    /// back since the previous one; false when one was written less than the interval ago (this one is counted).
    /// </summary>
    public bool TryEnter(string key, out long suppressed)
    {
        var now = clock.GetTimestamp();
        var window = windows.GetOrAdd(key, static _ => new Window());
        lock (window)
        {
            if (window.Written && clock.GetElapsedTime(window.LastLine, now) < interval)
            {
                window.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.LastLine = now;
            window.Written = true;
            return true;
        }
    }

    private sealed class Window
    {
        public bool Written;
        public long LastLine;
        public long Suppressed;
    }
}
