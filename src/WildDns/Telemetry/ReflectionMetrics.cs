using System.Diagnostics.Metrics;
using WildDns.Dns.RateLimiting;

namespace WildDns.Telemetry;

/// <summary>
/// The reflection guard's counts on the <c>WildDns.Dns</c> meter: UDP responses over the rate (<c>wilddns.dns.rrl.limited</c>),
/// of which slipped (<c>wilddns.dns.rrl.slipped</c>) and dropped (<c>wilddns.dns.rrl.dropped</c>), and DNS Cookies by
/// result (<c>wilddns.dns.cookies</c>). Read from <see cref="ReflectionCounters"/> when the meter is collected.
/// </summary>
public static class ReflectionMetrics
{
    public static void Register(IMeterFactory meterFactory, ReflectionCounters counters)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(counters);
        var meter = meterFactory.Create(DnsMetrics.MeterName);
        meter.CreateObservableCounter("wilddns.dns.rrl.limited", () => counters[ReflectionEvent.Limited], "{response}",
            "UDP responses over the rate limit: slipped, dropped, or answered BADCOOKIE.");
        meter.CreateObservableCounter("wilddns.dns.rrl.slipped", () => counters[ReflectionEvent.Slipped], "{response}",
            "Limited UDP responses sent as empty truncated answers (TC), so that resolvers retry over TCP.");
        meter.CreateObservableCounter("wilddns.dns.rrl.dropped", () => counters[ReflectionEvent.Dropped], "{response}",
            "Limited UDP responses not sent.");
        meter.CreateObservableCounter(
            "wilddns.dns.cookies",
            () => new Measurement<long>[]
            {
                new(counters[ReflectionEvent.CookieValid], new KeyValuePair<string, object?>("wilddns.cookie.result", "valid")),
                new(counters[ReflectionEvent.CookieIssued], new KeyValuePair<string, object?>("wilddns.cookie.result", "issued")),
                new(counters[ReflectionEvent.BadCookie], new KeyValuePair<string, object?>("wilddns.cookie.result", "badcookie")),
                new(counters[ReflectionEvent.CookieMalformed], new KeyValuePair<string, object?>("wilddns.cookie.result", "malformed")),
            },
            "{message}",
            "UDP queries with a COOKIE option, by result: a valid server cookie (exempt from the rate limit), a new one issued, BADCOOKIE to a limited client, FORMERR for a malformed option.");
    }
}
