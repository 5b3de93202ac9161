using System.Diagnostics.Metrics;

namespace WildDns.Registration.Workflow;

/// <summary>
/// The <c>WildDns.Registration</c> meter: enrollments by outcome, ACME orders by outcome, time from acceptance to
/// certificate, orders in flight, and EST answers by operation and HTTP status. The host exports it (Prometheus) by adding <see cref="MeterName"/>.
/// </summary>
public sealed class EnrollmentMetrics
{
    public const string MeterName = "WildDns.Registration";

    private readonly Counter<long> enrollments;
    private readonly Histogram<double> duration;
    private readonly Counter<long> answers;
    private readonly Counter<long> orders;
    private Func<int> inFlight = () => 0;

    public EnrollmentMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        enrollments = meter.CreateCounter<long>(
            "wilddns.registration.enrollments", "{enrollment}", "Enrollments by outcome: accepted, issued, failed (refused by the CA).");
        duration = meter.CreateHistogram<double>(
            "wilddns.registration.enrollment.duration", "s", "Time from an enrollment's acceptance to its certificate.");
        answers = meter.CreateCounter<long>(
            "wilddns.registration.est.answers", "{answer}", "EST answers by operation and HTTP status.");
        orders = meter.CreateCounter<long>(
            "wilddns.registration.acme.orders", "{order}",
            "ACME orders by outcome: placed, issued, refused (ended invalid or rejected by the CA), rate_limited (retried later).");
        meter.CreateObservableGauge("wilddns.registration.orders.in_flight", () => inFlight(), "{enrollment}", "Enrollments the CA is working on.");
    }

    /// <summary>Where the in-flight gauge reads from (the workflow, which is created after this).</summary>
    public void Observe(Func<int> ordersInFlight) => inFlight = ordersInFlight;

    public void Accepted() => enrollments.Add(1, new KeyValuePair<string, object?>("wilddns.enrollment.outcome", "accepted"));

    public void Issued(TimeSpan sinceAccepted)
    {
        enrollments.Add(1, new KeyValuePair<string, object?>("wilddns.enrollment.outcome", "issued"));
        duration.Record(sinceAccepted.TotalSeconds);
    }

    public void Failed() => enrollments.Add(1, new KeyValuePair<string, object?>("wilddns.enrollment.outcome", "failed"));

    /// <summary>Counts an ACME order event; <paramref name="outcome"/> is one of the values the counter's description lists.</summary>
    public void Ordered(string outcome) => orders.Add(1, new KeyValuePair<string, object?>("wilddns.acme.order.outcome", outcome));

    public void Answered(string operation, int status) =>
        answers.Add(1, new KeyValuePair<string, object?>("wilddns.est.operation", operation), new KeyValuePair<string, object?>("http.response.status_code", status));
}
