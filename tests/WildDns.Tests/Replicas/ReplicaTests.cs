using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Grpc.Core;
using WildDns.Tests.Harness;
using WildDns.Tests.Updates;
using Xunit;

namespace WildDns.Tests.Replicas;

/// <summary>
/// SPEC §6: several nameservers serve one zone from one shared PostgreSQL store. A change made through any replica is
/// answered by every live replica when the call that made it returns; a replica that dies is waited for only until its
/// timeout; while the store is down every replica answers what it has and changes fail clearly; all resumes without a
/// restart. Each test leaves the three replicas and the cluster running, as it found them.
/// </summary>
public sealed class ReplicaTests(ReplicaSetFixture fixture) : IClassFixture<ReplicaSetFixture>
{
    private const string SynthesizedName = "192-168-2-1.cald5f5f7ba45.cert.example.com";

    [RequiresPostgresFact]
    public async Task A_value_published_through_A_is_answered_by_B_and_C_over_udp_and_tcp_when_the_call_returns()
    {
        var name = ReplicaSetFixture.NewChallengeName();
        var value = AcmeDigest.New();
        using var client = fixture.A.CreateClient();

        await client.PublishAsync(name, value);

        (await ReplicaSetFixture.TxtAsync(fixture.B, name)).Should().Equal(value);
        (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().Equal(value);
        await ShouldAnswerOneSerialAsync();
    }

    [RequiresPostgresFact]
    public async Task A_value_removed_through_A_is_gone_from_B_and_C_when_the_call_returns()
    {
        var name = ReplicaSetFixture.NewChallengeName();
        var (kept, removed) = (AcmeDigest.New(), AcmeDigest.New());
        using var client = fixture.A.CreateClient();
        await client.PublishAsync(name, kept);
        await client.PublishAsync(name, removed);

        (await client.RemoveAsync(name, removed)).Should().BeTrue();

        (await ReplicaSetFixture.TxtAsync(fixture.B, name)).Should().Equal(kept);
        (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().Equal(kept);
        (await client.RemoveAllAsync(name)).Should().Be(1);
        (await ReplicaSetFixture.TxtAsync(fixture.B, name)).Should().BeEmpty();
        (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().BeEmpty();
    }

    [RequiresPostgresFact("nsupdate")]
    public async Task An_rfc2136_update_sent_to_B_is_answered_by_A_and_C_when_nsupdate_returns()
    {
        var name = ReplicaSetFixture.NewChallengeName();
        var value = AcmeDigest.New();
        string[] key = ["-y", fixture.KeyArgument];

        var add = await UpdateTools.NsupdateAsync(fixture.B.DnsPort, key, $"update add {name}. 60 TXT \"{value}\"");

        add.ExitCode.Should().Be(0, add.Output);
        (await ReplicaSetFixture.TxtAsync(fixture.A, name)).Should().Equal(value);
        (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().Equal(value);

        var delete = await UpdateTools.NsupdateAsync(fixture.B.DnsPort, key, $"update delete {name}. TXT \"{value}\"");

        delete.ExitCode.Should().Be(0, delete.Output);
        (await ReplicaSetFixture.TxtAsync(fixture.A, name)).Should().BeEmpty();
        (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().BeEmpty();
    }

    [RequiresPostgresFact]
    public async Task A_killed_replica_holds_publishes_back_until_its_timeout_and_serves_every_live_value_once_restarted()
    {
        var (keptName, goneName, laterName) = (ReplicaSetFixture.NewChallengeName(), ReplicaSetFixture.NewChallengeName(), ReplicaSetFixture.NewChallengeName());
        var (kept, gone, later) = (AcmeDigest.New(), AcmeDigest.New(), AcmeDigest.New());
        using var a = fixture.A.CreateClient();
        using var b = fixture.B.CreateClient();
        await a.PublishAsync(keptName, kept);
        await a.PublishAsync(goneName, gone);

        try
        {
            await KillAsync(fixture.C);
            var killed = Stopwatch.StartNew();

            // Within C's timeout a change waits for C, then fails naming it; the change itself is stored.
            var waited = async () => await a.RemoveAsync(goneName, gone);
            var failure = (await waited.Should().ThrowAsync<RpcException>()).Which;
            failure.StatusCode.Should().Be(StatusCode.DeadlineExceeded, failure.Status.Detail);
            failure.Status.Detail.Should().Contain("replica C did not serve it");

            // Once C's timeout has passed, changes through A and B succeed again.
            await PublishUntilAcceptedAsync(b, laterName, later, ReplicaSetFixture.ReplicaTimeout + TimeSpan.FromSeconds(20));
            killed.Elapsed.Should().BeLessThan(
                ReplicaSetFixture.ReplicaTimeout + TimeSpan.FromSeconds(20), "a dead replica holds publishes back only until WildDns:Store:ReplicaTimeout");
            var alsoA = ReplicaSetFixture.NewChallengeName();
            await a.PublishAsync(alsoA, kept);
            (await ReplicaSetFixture.TxtAsync(fixture.B, alsoA)).Should().Equal(kept);
        }
        finally
        {
            if (!fixture.C.IsRunning)
            {
                await fixture.C.StartAgainAsync();
            }
        }

        // C, restarted, answers what was published before it died and while it was down, and not what was removed meanwhile.
        (await ReplicaSetFixture.TxtAsync(fixture.C, keptName)).Should().Equal(kept);
        (await ReplicaSetFixture.TxtAsync(fixture.C, laterName)).Should().Equal(later);
        (await ReplicaSetFixture.TxtAsync(fixture.C, goneName)).Should().BeEmpty();
        await ShouldAnswerOneSerialAsync();
    }

    [RequiresPostgresFact("nsupdate")]
    public async Task While_the_store_is_down_replicas_answer_what_they_hold_and_changes_fail_saying_so_until_it_returns()
    {
        var name = ReplicaSetFixture.NewChallengeName();
        var value = AcmeDigest.New();
        using var a = fixture.A.CreateClient();
        using var b = fixture.B.CreateClient();
        await a.PublishAsync(name, value);

        try
        {
            await fixture.Cluster.StopAsync();

            foreach (var replica in fixture.All)
            {
                (await ReplicaSetFixture.TxtAsync(replica, name)).Should().Equal(value);
                var synthesized = await DnsProbe.QueryAsync(replica.DnsEndpoint, SynthesizedName, ARSoft.Tools.Net.Dns.RecordType.A);
                synthesized.AnswerRecords.OfType<ARSoft.Tools.Net.Dns.ARecord>().Select(record => record.Address.ToString()).Should().Equal("192.168.2.1");
            }

            var publish = async () => await a.PublishAsync(ReplicaSetFixture.NewChallengeName(), AcmeDigest.New());
            var refused = (await publish.Should().ThrowAsync<RpcException>()).Which;
            refused.StatusCode.Should().Be(StatusCode.Unavailable, refused.Status.Detail);
            refused.Status.Detail.Should().StartWith("the store is unavailable");
            var remove = async () => await b.RemoveAsync(name, value);
            (await remove.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);

            var update = await UpdateTools.NsupdateAsync(
                fixture.C.DnsPort, ["-y", fixture.KeyArgument], $"update add {ReplicaSetFixture.NewChallengeName()}. 60 TXT \"{AcmeDigest.New()}\"");
            update.ExitCode.Should().NotBe(0);
            update.Output.Should().Contain("SERVFAIL");
            (await ReplicaSetFixture.TxtAsync(fixture.C, name)).Should().Equal(new[] { value }, "the refused changes changed nothing");
            (await ReplicaSetFixture.ReadinessAsync(fixture.A)).Should().Be("Degraded");
        }
        finally
        {
            if (!fixture.Cluster.IsRunning)
            {
                await fixture.Cluster.StartAgainAsync();
            }
        }

        // No restart: the replicas reconnect by themselves, and the first publish afterwards works and reaches them all.
        await fixture.WaitUntilAllReplicasReportAsync(TimeSpan.FromSeconds(30));
        var after = ReplicaSetFixture.NewChallengeName();
        var afterValue = AcmeDigest.New();
        await a.PublishAsync(after, afterValue);
        (await ReplicaSetFixture.ReadinessAsync(fixture.A)).Should().Be("Healthy");
        foreach (var replica in fixture.All)
        {
            (await ReplicaSetFixture.TxtAsync(replica, after)).Should().Equal(afterValue);
        }

        await ShouldAnswerOneSerialAsync();
    }

    [RequiresPostgresFact("pebble")]
    public async Task Pebble_validating_at_C_issues_a_certificate_to_a_registrar_publishing_through_A()
    {
        await using var pebble = await PebbleServer.StartAsync(fixture.C.DnsEndpoint);
        var work = Directory.CreateTempSubdirectory("wilddns-replica-registrar-").FullName;
        try
        {
            using (var root = await pebble.GetRootCertificateAsync())
            {
                await File.WriteAllTextAsync(Path.Combine(work, "root.pem"), root.ExportCertificatePem());
            }

            // The registrar publishes through A's control plane and asks every nameserver of the NS set before answering.
            await using var registrar = await RegistrarProcess.StartAsync(
                fixture.A, pebble, Path.Combine(work, "root.pem"),
                ["--nameserver", fixture.B.DnsEndpoint.ToString(), "--nameserver", fixture.C.DnsEndpoint.ToString()]);
            var dataset = Path.Combine(work, "device.json");
            var registered = await registrar.RunAsync("register", "--vendor", "Acme", "--model", "R-1", "--serial", "9001", "--institution", "hospital-abc", "--out", dataset);
            registered.ExitCode.Should().Be(0, registered.Output);

            var enrolled = await ChildProcess.RunAsync(
                RepositoryLayout.DotnetHost,
                [RepositoryLayout.WildDnsDll, "device", "enroll", "--dataset", dataset, "--dir", Path.Combine(work, "device"), "--wait", "150"],
                TimeSpan.FromSeconds(180));

            enrolled.ExitCode.Should().Be(0, enrolled.Output + "\nregistrar:\n" + registrar.Output + "\npebble:\n" + pebble.Output);
            var chain = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            chain.ImportFromPemFile(Path.Combine(work, "device", "cert.pem"));
            chain[0].Issuer.Should().Contain("Pebble");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [RequiresPostgresFact("pebble", "lego")]
    public async Task Pebble_validating_at_C_issues_a_certificate_to_lego_publishing_through_A()
    {
        string[] domains = ["*.cald5f5f7ba45.cert.example.com"];
        await using var pebble = await PebbleServer.StartAsync(fixture.C.DnsEndpoint);
        var environment = new Dictionary<string, string?>
        {
            ["RFC2136_NAMESERVER"] = fixture.A.DnsEndpoint.ToString(),
            ["RFC2136_TSIG_KEY"] = "acme-key",
            ["RFC2136_TSIG_SECRET"] = Convert.ToBase64String(fixture.TsigSecret),
            ["RFC2136_TSIG_ALGORITHM"] = "hmac-sha256.",
            ["RFC2136_SEQUENCE_INTERVAL"] = "1",
            ["RFC2136_PROPAGATION_TIMEOUT"] = "60",
            ["RFC2136_POLLING_INTERVAL"] = "1",
        };

        // lego waits for nothing after its UPDATE to A (--dns.disable-cp) and pebble validates at once (PEBBLE_VA_NOSLEEP):
        // the value must be at C when A answers the UPDATE.
        var run = await LegoClient.RunAsync(pebble, fixture.C.DnsEndpoint, "rfc2136", environment, domains, TimeSpan.FromSeconds(180));
        try
        {
            run.Succeeded.Should().BeTrue(run.Process.Output + "\npebble:\n" + pebble.Output);
            using var certificate = run.LoadCertificate(domains[0]);
            certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single()
                .EnumerateDnsNames().Should().Equal(domains);
        }
        finally
        {
            Directory.Delete(run.Path, recursive: true);
        }
    }

    [RequiresPostgresFact]
    public async Task The_schema_is_versioned_and_the_replicas_run_as_a_role_that_owns_nothing_else()
    {
        (await fixture.Cluster.SqlAsync("SELECT component || ' ' || version FROM wilddns_schema;", ReplicaSetFixture.Database)).Should().Be("challenges 1");
        (await fixture.Cluster.SqlAsync($"SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '{ReplicaSetFixture.Role}';"))
            .Should().Be("f");
        var replicas = await fixture.Cluster.SqlAsync("SELECT string_agg(id, ',' ORDER BY id) FROM wilddns_replicas;", ReplicaSetFixture.Database);
        replicas.Should().Be("A,B,C");
    }

    /// <summary>SIGKILL, by the process's own PID: no clean stop, so the replica does not leave the set of replicas.</summary>
    private static async Task KillAsync(ServerProcess replica)
    {
        await using var kill = await ChildProcess.RunAsync("kill", ["-KILL", replica.ProcessId.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        kill.ExitCode.Should().Be(0, kill.Output);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (replica.IsRunning && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        replica.IsRunning.Should().BeFalse("SIGKILL ends a process at once");
    }

    private static async Task PublishUntilAcceptedAsync(WildDns.Client.ChallengeClient client, string name, string value, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await client.PublishAsync(name, value);
                return;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.DeadlineExceeded && DateTime.UtcNow < deadline)
            {
                exception.Status.Detail.Should().Contain("replica C did not serve it", "only the killed replica is behind");
            }
        }
    }

    /// <summary>Every replica answers the same SOA serial: one change serial across replicas.</summary>
    private async Task ShouldAnswerOneSerialAsync()
    {
        var serials = new List<uint>();
        foreach (var replica in fixture.All)
        {
            serials.Add(await ReplicaSetFixture.SerialAsync(replica));
        }

        serials.Distinct().Should().ContainSingle($"A, B and C answer one SOA serial (got {string.Join(", ", serials)})");
    }
}
