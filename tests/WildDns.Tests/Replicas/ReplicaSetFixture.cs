using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Replicas;

/// <summary>
/// Three real <c>wilddns serve</c> processes, replicas A, B and C, on one throwaway PostgreSQL cluster, started together
/// (so their schema migrations race, as replicas started by one deployment do). They log in as <c>wilddns</c>, a role
/// with only the privileges docs/replicas.md lists. Every replica accepts RFC 2136 UPDATE signed with <c>acme-key</c>.
/// </summary>
public sealed class ReplicaSetFixture : IAsyncLifetime
{
    public const string Zone = "cert.example.com";
    public const string Role = "wilddns";
    public const string Database = "wilddns";

    /// <summary>Short, so that the tests see a killed replica dropped quickly; long beside <see cref="PublishTimeout"/>, so a wait fails first.</summary>
    public static readonly TimeSpan ReplicaTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Generous for a loaded machine: a replica that follows normally does so in milliseconds.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private PostgresCluster? cluster;
    private ServerProcess? a;
    private ServerProcess? b;
    private ServerProcess? c;

    public byte[] TsigSecret { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary><c>nsupdate -y</c> argument for <c>acme-key</c>.</summary>
    public string KeyArgument => $"hmac-sha256:acme-key:{Convert.ToBase64String(TsigSecret)}";

    public PostgresCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster is not started");

    public ServerProcess A => a ?? throw new InvalidOperationException("replica A is not started");

    public ServerProcess B => b ?? throw new InvalidOperationException("replica B is not started");

    public ServerProcess C => c ?? throw new InvalidOperationException("replica C is not started");

    public IEnumerable<ServerProcess> All => [A, B, C];

    public async Task InitializeAsync()
    {
        if (PostgresCluster.SkipReason is not null)
        {
            return;
        }

        cluster = await PostgresCluster.StartAsync();
        await cluster.SqlAsync($"CREATE ROLE {Role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;");
        await cluster.SqlAsync($"CREATE DATABASE {Database};");
        await cluster.SqlAsync($"REVOKE ALL ON DATABASE {Database} FROM PUBLIC; GRANT CONNECT ON DATABASE {Database} TO {Role};");
        await cluster.SqlAsync($"REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO {Role};", Database);
        var started = await Task.WhenAll(new[] { "A", "B", "C" }.Select(StartReplicaAsync));
        (a, b, c) = (started[0], started[1], started[2]);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in new[] { a, b, c }.OfType<ServerProcess>())
        {
            await replica.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>A challenge name under a scope no other test uses.</summary>
    public static string NewChallengeName() => $"_acme-challenge.r{Guid.NewGuid().ToString("N")[..8]}.{Zone}";

    /// <summary>The TXT values <paramref name="replica"/> answers at <paramref name="name"/>, asked over UDP and over TCP, which must agree.</summary>
    public static async Task<IReadOnlyList<string>> TxtAsync(ServerProcess replica, string name)
    {
        var overUdp = await DnsProbe.TxtAsync(replica.DnsEndpoint, name);
        var overTcp = await TxtOverTcpAsync(replica.DnsEndpoint, name);
        overTcp.Should().BeEquivalentTo(overUdp, $"replica {replica} answers {name} the same over TCP as over UDP");
        return overUdp;
    }

    /// <summary>The zone's SOA serial as <paramref name="replica"/> answers it.</summary>
    public static async Task<uint> SerialAsync(ServerProcess replica)
    {
        var response = await DnsProbe.QueryAsync(replica.DnsEndpoint, Zone, RecordType.Soa);
        return response.AnswerRecords.OfType<SoaRecord>().Single().SerialNumber;
    }

    /// <summary>Waits, within <paramref name="timeout"/>, until all three replicas have reported to the store within <see cref="ReplicaTimeout"/>.</summary>
    public async Task WaitUntilAllReplicasReportAsync(TimeSpan timeout)
    {
        var seconds = ReplicaTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var sql = $"SELECT count(*) FROM wilddns_replicas WHERE heartbeat_at > now() - interval '{seconds} seconds';";
        var deadline = DateTime.UtcNow + timeout;
        while (await Cluster.SqlAsync(sql, Database) != "3")
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "every replica reports again within {0} s of the store's return", timeout.TotalSeconds);
            await Task.Delay(200);
        }
    }

    /// <summary>What <c>/health/ready</c> on <paramref name="replica"/>'s operations port says (plain HTTP/1.1): Healthy, Degraded or Unhealthy.</summary>
    public static async Task<string> ReadinessAsync(ServerProcess replica)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync(new Uri(replica.OpsAddress, "/health/ready"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a replica that answers DNS stays in rotation");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<IReadOnlyList<string>> TxtOverTcpAsync(IPEndPoint server, string name)
    {
        var client = new DnsClient([server.Address], [new TcpClientTransport(server.Port)], true, (int)DnsProbe.ReplyTimeout.TotalMilliseconds);
        var options = new DnsQueryOptions { IsRecursionDesired = false, IsEDnsEnabled = true };
        var response = await client.ResolveAsync(DomainName.Parse(name), RecordType.Txt, RecordClass.INet, options)
            ?? throw new TimeoutException($"no TCP answer from {server} to {name} TXT within {DnsProbe.ReplyTimeout.TotalSeconds:0} s");
        return [.. response.AnswerRecords.OfType<TxtRecord>().Select(record => record.TextData)];
    }

    private Task<ServerProcess> StartReplicaAsync(string id) => ServerProcess.StartAsync(extraArguments:
    [
        "--WildDns:Store:ConnectionString", Cluster.ConnectionString(Role, Database),
        "--WildDns:Store:ReplicaId", id,
        "--WildDns:Store:Heartbeat", "00:00:00.500",
        "--WildDns:Store:ReplicaTimeout", ReplicaTimeout.ToString("c", CultureInfo.InvariantCulture),
        "--WildDns:Store:PublishTimeout", PublishTimeout.ToString("c", CultureInfo.InvariantCulture),
        "--tsig-key", $"acme-key:hmac-sha256:{Convert.ToBase64String(TsigSecret)}",
    ]);
}
