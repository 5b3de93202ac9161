using System.Diagnostics.Metrics;

namespace WildDns.Registration.Workflow;

/// <summary>
/// The <c>WildDns.Registration</c> meter: enrollments by outcome, time from acceptance to certificate, orders in flight,
/// and EST answers by operation and HTTP status. The host exports it (Prometheus) by adding <see cref="MeterName"/>.
/// </summary>
public sealed class EnrollmentMetrics
{
    public const string MeterName = "WildDns.Registration";

    private readonly Counter<long> enrollments;
    private readonly Histogram<double> duration;
    private readonly Counter<long> answers;
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

    public void Answered(string operation, int status) =>
        answers.Add(1, new KeyValuePair<string, object?>("wilddns.est.operation", operation), new KeyValuePair<string, object?>("http.response.status_code", status));
}
