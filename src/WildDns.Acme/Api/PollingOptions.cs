namespace WildDns.Acme.Api;

/// <summary>How an object that is still pending or processing is polled (RFC 8555 §7.5.1, §7.4): every wait is bounded.</summary>
public sealed record PollingOptions
{
    /// <summary>The wait between polls when the server sends no Retry-After.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait; a longer Retry-After is cut to this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one poll loop may take in all before it gives up with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the next poll: the server's Retry-After if it sent one, within [0, <see cref="MaxDelay"/>].</summary>
    public TimeSpan DelayFor(TimeSpan? retryAfter) =>
        retryAfter is { } asked ? (asked > MaxDelay ? MaxDelay : asked < TimeSpan.Zero ? TimeSpan.Zero : asked) : Interval;
}
