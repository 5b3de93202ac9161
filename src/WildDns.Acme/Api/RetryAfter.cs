using System.Globalization;
using System.Net.Http.Headers;

namespace WildDns.Acme.Api;

/// <summary>Reads Retry-After (RFC 9110 §10.2.3), which ACME servers send on 429, 503 and while an object is processing (RFC 8555 §6.6, §7.4).</summary>
public static class RetryAfter
{
    /// <summary>
    /// The wait the header asks for, measured from <paramref name="now"/>: delta-seconds or an HTTP-date; a date in the past is
    /// zero; null when the header is absent or unreadable. E.g. <c>"120"</c> → 2 min; <c>"Wed, 21 Oct 2015 07:28:00 GMT"</c>.
    /// </summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.All(char.IsAsciiDigit))
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= (long)TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date > now ? date - now : TimeSpan.Zero
            : null;
    }

    /// <summary>The wait a response asks for, as <see cref="Parse(string?, DateTimeOffset)"/>.</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;
}
