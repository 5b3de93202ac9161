namespace WildDns.Enrollment.Est;

/// <summary>Repeats an EST request while the server answers 202, waiting as its Retry-After says, within an overall bound.</summary>
public sealed class PendingEnrollment(TimeProvider clock, TimeSpan maximumWait)
{
    /// <summary>The shortest wait between attempts, whatever Retry-After says: a zero or missing value must not become a busy loop.</summary>
    public static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait: a far Retry-After is still checked at this interval.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>The wait when a 202 carries no Retry-After (RFC 7030 §4.2.3 requires one; a server may still omit it).</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Calls <paramref name="attempt"/> until it answers other than pending, reporting each wait to
    /// <paramref name="progress"/>. When <see cref="maximumWait"/> is used up, the last pending answer is returned.
    /// </summary>
    public async Task<EstResponse> RunAsync(Func<CancellationToken, Task<EstResponse>> attempt, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(progress);
        var deadline = clock.GetUtcNow() + maximumWait;
        var attempts = 0;
        while (true)
        {
            var response = await attempt(cancellationToken).ConfigureAwait(false);
            attempts++;
            if (response.Outcome != EstOutcome.Pending)
            {
                return response;
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return response;
            }

            var wait = Clamp(response.RetryAfter ?? DefaultWait);
            if (wait > left)
            {
                wait = left;
            }

            progress($"accepted, certificate not ready yet (attempt {attempts}); asking again in {wait.TotalSeconds:0} s");
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < ShortestWait ? ShortestWait : wait > LongestWait ? LongestWait : wait;
}
