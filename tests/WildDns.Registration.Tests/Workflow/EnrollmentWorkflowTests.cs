using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Secrets;
using WildDns.Registration.Tests.Authority;
using WildDns.Registration.Tests.Policy;
using WildDns.Registration.Tests.Registry;
using WildDns.Registration.Workflow;
using Xunit;

namespace WildDns.Registration.Tests.Workflow;

/// <summary>The workflow on a real SQLite registry and the test CA: recorded states, one order per request, restarts, the cap.</summary>
public sealed class EnrollmentWorkflowTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly string data = Path.Combine(Path.GetTempPath(), "wilddns-workflow-" + Guid.NewGuid().ToString("N"));
    private readonly List<TestCertificateAuthority> authorities = [];

    public void Dispose()
    {
        authorities.ForEach(authority => authority.Dispose());
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task An_enrollment_goes_from_accepted_through_ordering_to_issued_with_one_order_however_often_it_is_submitted()
    {
        using var registry = new SqliteDeviceRegistry(data);
        var authority = Authority(pendingCalls: 2);
        var workflow = await StartAsync(registry, authority);
        var certId = await TestDevices.AddAsync(registry, "SN-1");

        var submitted = await workflow.SubmitAsync(TestDevices.Candidate(certId), CancellationToken.None);
        var again = await workflow.SubmitAsync(TestDevices.Candidate(certId) with { Csr = submitted.Csr, CsrDigest = submitted.CsrDigest }, CancellationToken.None);
        var issued = await WaitForAsync(registry, submitted.Id, EnrollmentState.Issued);
        await workflow.StopAsync(CancellationToken.None);

        submitted.State.Should().Be(EnrollmentState.Accepted);
        again.Id.Should().Be(submitted.Id);
        authority.OrdersFor(submitted.Id).Should().Be(1);
        authority.Calls.Should().HaveCount(3).And.OnlyContain(call => call.EnrollmentId == submitted.Id);
        issued.Chain.Should().HaveCount(2);
        var certificate = (await registry.ListCertificatesAsync(certId)).Should().ContainSingle().Subject;
        certificate.Fingerprint.Should().Be(CertificateFingerprint.Of(issued.Chain![0]));
        certificate.EnrollmentId.Should().Be(submitted.Id);
    }

    [Fact]
    public async Task After_a_restart_an_ordering_enrollment_continues_its_order_and_places_no_second_one()
    {
        long id;
        using (var registry = new SqliteDeviceRegistry(data))
        {
            // The first CA answers pending once, then never finishes: the registrar stops while the order is open.
            var first = Authority(pendingCalls: 1);
            first.IssueGate = new TaskCompletionSource();
            var workflow = await StartAsync(registry, first);
            var certId = await TestDevices.AddAsync(registry, "SN-2");
            id = (await workflow.SubmitAsync(TestDevices.Candidate(certId), CancellationToken.None)).Id;
            await WaitUntilAsync(() => first.Calls.Count >= 2);
            await workflow.StopAsync(CancellationToken.None);

            var stored = await registry.GetEnrollmentAsync(id);
            stored!.State.Should().Be(EnrollmentState.Ordering);
            stored.CaReference.Should().Be($"order-{id}");
        }

        using (var registry = new SqliteDeviceRegistry(data))
        {
            var second = Authority(pendingCalls: 0);
            var workflow = await StartAsync(registry, second);
            await WaitForAsync(registry, id, EnrollmentState.Issued);
            await workflow.StopAsync(CancellationToken.None);

            second.Calls.Should().ContainSingle().Which.Reference.Should().Be($"order-{id}");
            second.OrdersFor(id).Should().Be(0);
        }
    }

    [Fact]
    public async Task An_accepted_enrollment_not_yet_ordered_is_ordered_after_a_restart()
    {
        long id;
        using (var registry = new SqliteDeviceRegistry(data))
        {
            var certId = await TestDevices.AddAsync(registry, "SN-3");
            id = (await registry.AddEnrollmentAsync(TestDevices.Candidate(certId))).Enrollment.Id;
        }

        using (var registry = new SqliteDeviceRegistry(data))
        {
            var authority = Authority(pendingCalls: 0);
            var workflow = await StartAsync(registry, authority);
            await WaitForAsync(registry, id, EnrollmentState.Issued);
            await workflow.StopAsync(CancellationToken.None);

            authority.OrdersFor(id).Should().Be(1);
        }
    }

    [Fact]
    public async Task No_more_than_the_cap_are_ordering_at_once_and_the_rest_wait_accepted()
    {
        using var registry = new SqliteDeviceRegistry(data);
        var authority = Authority(pendingCalls: 0);
        authority.IssueGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workflow = await StartAsync(registry, authority, ordersInFlight: 2);
        var ids = new List<long>();
        for (var index = 0; index < 5; index++)
        {
            ids.Add((await workflow.SubmitAsync(TestDevices.Candidate(await TestDevices.AddAsync(registry, $"SN-CAP-{index}")), CancellationToken.None)).Id);
        }

        await WaitUntilAsync(() => authority.Calls.Count >= 2);
        await Task.Delay(300);
        var states = await Task.WhenAll(ids.Select(async id => (await registry.GetEnrollmentAsync(id))!.State));
        states.Count(state => state == EnrollmentState.Ordering).Should().Be(2);
        states.Count(state => state == EnrollmentState.Accepted).Should().Be(3);
        authority.Calls.Should().HaveCount(2);

        authority.IssueGate.SetResult();
        foreach (var id in ids)
        {
            await WaitForAsync(registry, id, EnrollmentState.Issued);
        }

        await workflow.StopAsync(CancellationToken.None);
        ids.Should().OnlyContain(id => authority.OrdersFor(id) == 1);
    }

    [Fact]
    public async Task A_refusal_by_the_CA_ends_the_enrollment_as_failed_with_its_reason()
    {
        using var registry = new SqliteDeviceRegistry(data);
        var authority = new TestCertificateAuthority { Refuse = _ => "the key is on a blocklist" };
        authorities.Add(authority);
        var workflow = await StartAsync(registry, authority);

        var id = (await workflow.SubmitAsync(TestDevices.Candidate(await TestDevices.AddAsync(registry, "SN-4")), CancellationToken.None)).Id;
        var failed = await WaitForAsync(registry, id, EnrollmentState.Failed);
        await workflow.StopAsync(CancellationToken.None);

        failed.Failure.Should().Be("the key is on a blocklist");
        (await registry.ListOpenEnrollmentsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Enrollments_are_counted_by_outcome_with_their_time_to_certificate()
    {
        using var registry = new SqliteDeviceRegistry(data);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentQueue<(string Instrument, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                subscriber.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Outcome(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Outcome(tags))));
        listener.Start();
        var workflow = await StartAsync(registry, Authority(pendingCalls: 0), meters: meters);

        var candidate = TestDevices.Candidate(await TestDevices.AddAsync(registry, "SN-M"));
        var id = (await workflow.SubmitAsync(candidate, CancellationToken.None)).Id;
        await workflow.SubmitAsync(candidate, CancellationToken.None);
        await WaitForAsync(registry, id, EnrollmentState.Issued);
        await WaitUntilAsync(() => measured.Count >= 3);
        await workflow.StopAsync(CancellationToken.None);

        measured.Should().BeEquivalentTo(new[]
        {
            ("wilddns.registration.enrollments", "accepted"),
            ("wilddns.registration.enrollments", "issued"),
            ("wilddns.registration.enrollment.duration", (string?)null),
        });
    }

    private static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "wilddns.enrollment.outcome")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static async Task<EnrollmentWorkflow> StartAsync(
        IDeviceRegistry registry, TestCertificateAuthority authority, int ordersInFlight = 10, IMeterFactory? meters = null)
    {
        var settings = new RegistrarSettings { OrdersInFlight = ordersInFlight };
        var metrics = new EnrollmentMetrics(meters ?? new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var workflow = new EnrollmentWorkflow(registry, authority, settings, TimeProvider.System, metrics, NullLogger<EnrollmentWorkflow>.Instance);
        await workflow.StartAsync(CancellationToken.None);
        return workflow;
    }

    private static async Task<Enrollment> WaitForAsync(IDeviceRegistry registry, long id, EnrollmentState state)
    {
        Enrollment? enrollment = null;
        await WaitUntilAsync(async () => (enrollment = await registry.GetEnrollmentAsync(id))?.State == state);
        return enrollment!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {Bound.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    private TestCertificateAuthority Authority(int pendingCalls)
    {
        var authority = new TestCertificateAuthority { PendingCalls = pendingCalls, RetryAfter = TimeSpan.FromMilliseconds(50) };
        authorities.Add(authority);
        return authority;
    }
}
