using System.Diagnostics.Metrics;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WildDns.Registration.Authority;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Secrets;
using WildDns.Registration.Tests.Authority;
using WildDns.Registration.Tests.Policy;
using WildDns.Registration.Workflow;
using WildDns.Testing;
using Xunit;

namespace WildDns.Registration.Tests.Registry;

/// <summary>Two registries on one real, throwaway PostgreSQL database, as two registrars would hold them.</summary>
public sealed class PostgresDeviceRegistryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task Two_registries_racing_for_each_of_many_enrollments_give_each_to_exactly_one()
    {
        var database = await postgres.NewDatabaseAsync();
        using var first = PostgresDeviceRegistry.Open(database);
        using var second = PostgresDeviceRegistry.Open(database);
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var certId = await TestDevices.AddAsync(first, $"SN-{i}");
            ids.Add((await first.AddEnrollmentAsync(TestDevices.Candidate(certId))).Enrollment.Id);
        }

        var races = ids.Select(async id =>
        {
            var claims = await Task.WhenAll(
                Task.Run(() => first.TryClaimEnrollmentAsync(id, "first", Lease)),
                Task.Run(() => second.TryClaimEnrollmentAsync(id, "second", Lease)));
            return claims.Count(claim => claim is not null);
        });

        (await Task.WhenAll(races)).Should().OnlyContain(winners => winners == 1);
        (await second.ListOpenEnrollmentsAsync()).Should().HaveCount(40).And.OnlyContain(open => open.State == EnrollmentState.Ordering);
    }

    [PostgresFact]
    public async Task A_held_claim_is_refused_to_others_renewed_only_by_its_owner_and_taken_over_once_it_lapses()
    {
        var database = await postgres.NewDatabaseAsync();
        using var first = PostgresDeviceRegistry.Open(database);
        using var second = PostgresDeviceRegistry.Open(database);
        var id = (await first.AddEnrollmentAsync(TestDevices.Candidate(await TestDevices.AddAsync(first, "SN-1")))).Enrollment.Id;

        (await first.TryClaimEnrollmentAsync(id, "first", Lease)).Should().NotBeNull();
        (await second.TryClaimEnrollmentAsync(id, "second", Lease)).Should().BeNull("the first registrar's claim is live");
        (await second.RenewClaimAsync(id, "second", Lease)).Should().BeFalse();
        (await first.RenewClaimAsync(id, "first", Lease)).Should().BeTrue();
        (await first.TryClaimEnrollmentAsync(id, "first", Lease)).Should().NotBeNull("its owner may claim it again, e.g. on a second look");

        // The first registrar stopped: its lease runs out (set in the past here rather than waited for).
        await ExecuteAsync(database, $"UPDATE wilddns_registry_enrollments SET claimed_until = now() - interval '1 second' WHERE id = {id};");
        (await second.TryClaimEnrollmentAsync(id, "second", Lease)).Should().NotBeNull();
        (await first.RenewClaimAsync(id, "first", Lease)).Should().BeFalse("the claim moved to the second registrar");

        var claimed = (await second.GetEnrollmentAsync(id))!;
        await second.UpdateEnrollmentAsync(claimed with { State = EnrollmentState.Failed, Failure = "test", CompletedAt = DateTimeOffset.UtcNow });
        (await first.TryClaimEnrollmentAsync(id, "first", Lease)).Should().BeNull("an ended enrollment is not claimed");
    }

    [PostgresFact]
    public async Task Concurrent_wrong_secrets_through_two_registries_all_count()
    {
        var database = await postgres.NewDatabaseAsync();
        using var first = PostgresDeviceRegistry.Open(database);
        using var second = PostgresDeviceRegistry.Open(database);
        var certId = await TestDevices.AddAsync(first, "SN-1");

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).UpdateSecretAsync(certId, device => device.Secret with { Failures = device.Secret.Failures + 1 }))));

        (await first.FindDeviceAsync(certId))!.Secret.Failures.Should().Be(30);
        (await first.UpdateSecretAsync(TestDevices.CertIdOf("SN-2"), device => device.Secret)).Should().BeNull();
    }

    [PostgresFact]
    public async Task The_registry_round_trips_what_the_sqlite_one_stores_and_migrating_again_changes_nothing()
    {
        var database = await postgres.NewDatabaseAsync();
        using var registry = PostgresDeviceRegistry.Open(database);
        using (PostgresDeviceRegistry.Open(database))
        {
        }

        var certId = await TestDevices.AddAsync(registry, "SN-1");
        (await TestDevices.AddAsync(registry, "SN-1")).Should().Be(certId);
        var candidate = TestDevices.Candidate(certId) with { Label = "printer" };
        var (stored, added) = await registry.AddEnrollmentAsync(candidate);
        var (again, addedAgain) = await registry.AddEnrollmentAsync(candidate);
        using var issuer = new TestCertificateAuthority { PendingCalls = 0 };
        var chain = (await issuer.EnrollAsync(new CaRequest(stored.Id, certId.Value, stored.Csr, stored.Names, null, null), CancellationToken.None)).Chain;
        var issued = stored with { State = EnrollmentState.Issued, Chain = [.. chain.Select(c => c.RawData)], CompletedAt = DateTimeOffset.UtcNow };
        await registry.CompleteEnrollmentAsync(
            issued, new DeviceCertificate(certId, "printer", CertificateFingerprint.Of(chain[0]), chain[0].SerialNumber, chain[0].NotAfter, DateTimeOffset.UtcNow, stored.Id, chain[0].RawData));

        added.Should().BeTrue();
        addedAgain.Should().BeFalse();
        again.Id.Should().Be(stored.Id);
        (await registry.GetEnrollmentAsync(stored.Id))!.Chain.Should().BeEquivalentTo(issued.Chain);
        (await registry.ListClientsAsync(certId)).Should().ContainSingle().Which.Label.Should().Be("printer");
        (await registry.FindCertificateAsync(CertificateFingerprint.Of(chain[0])))!.EnrollmentId.Should().Be(stored.Id);
        (await registry.ListDevicesAsync((await registry.FindDeviceAsync(certId))!.Dataset.Institution)).Should().ContainSingle();
        (await registry.SetEnabledAsync(certId, false)).Should().BeTrue();
        (await registry.FindDeviceAsync(certId))!.Enabled.Should().BeFalse();
        (await registry.ListOpenEnrollmentsAsync()).Should().BeEmpty();
    }

    [PostgresFact]
    public async Task Two_workflows_on_one_registry_issue_every_enrollment_submitted_to_either_with_one_order_each()
    {
        var database = await postgres.NewDatabaseAsync();
        using var first = PostgresDeviceRegistry.Open(database);
        using var second = PostgresDeviceRegistry.Open(database);
        using var firstCa = new TestCertificateAuthority { PendingCalls = 2, RetryAfter = TimeSpan.FromMilliseconds(50) };
        using var secondCa = new TestCertificateAuthority { PendingCalls = 2, RetryAfter = TimeSpan.FromMilliseconds(50) };
        var firstWorkflow = await StartAsync(first, firstCa);
        var secondWorkflow = await StartAsync(second, secondCa);
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var certId = await TestDevices.AddAsync(first, $"SN-{i}");

            // Each submitted to one workflow, and half of them also to the other (the device retried elsewhere).
            var submitted = await (i % 2 == 0 ? firstWorkflow : secondWorkflow).SubmitAsync(TestDevices.Candidate(certId), CancellationToken.None);
            if (i % 4 < 2)
            {
                await (i % 2 == 0 ? secondWorkflow : firstWorkflow).SubmitAsync(submitted, CancellationToken.None);
            }

            ids.Add(submitted.Id);
        }

        var deadline = DateTime.UtcNow + Bound;
        while ((await first.ListOpenEnrollmentsAsync()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await firstWorkflow.StopAsync(CancellationToken.None);
        await secondWorkflow.StopAsync(CancellationToken.None);
        foreach (var id in ids)
        {
            (await first.GetEnrollmentAsync(id))!.State.Should().Be(EnrollmentState.Issued);
            (firstCa.OrdersFor(id) + secondCa.OrdersFor(id)).Should().Be(1, $"enrollment {id} is ordered once across both registrars");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<EnrollmentWorkflow> StartAsync(IDeviceRegistry registry, TestCertificateAuthority authority)
    {
        var settings = new RegistrarSettings { Store = new RegistryStoreSettings { PollInterval = TimeSpan.FromMilliseconds(200) } };
        var metrics = new EnrollmentMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var workflow = new EnrollmentWorkflow(registry, authority, settings, TimeProvider.System, metrics, NullLogger<EnrollmentWorkflow>.Instance);
        await workflow.StartAsync(CancellationToken.None);
        return workflow;
    }
}
