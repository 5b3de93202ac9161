using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// SPEC §5 through the real <c>wilddns serve</c> process: what the control plane (gRPC and the CLI, each as a real
/// client) publishes is what DNS answers over UDP, at once, across a restart, and gone once removed.
/// </summary>
public sealed class ChallengeServingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Scope = "cald5f5f7ba45.cert.example.com";
    private const string Name = "_acme-challenge." + Scope;
    private const string CnameName = "_acme-challenge.cald5f5f7ba45.cname.cert.example.com";

    private ServerProcess server = null!;

    public async Task InitializeAsync() => server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        output.WriteLine(server.Output);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_value_published_over_grpc_is_answered_by_dns_when_publish_returns()
    {
        var value = AcmeDigest.New();
        using var client = server.CreateClient();

        await client.PublishAsync(Name, value);
        var response = await DnsProbe.QueryAsync(server.DnsEndpoint, Name, RecordType.Txt);

        response.ReturnCode.Should().Be(ReturnCode.NoError);
        response.IsAuthoritiveAnswer.Should().BeTrue();
        var txt = response.AnswerRecords.OfType<TxtRecord>().Should().ContainSingle().Subject;
        txt.TextData.Should().Be(value);
        txt.TimeToLive.Should().BeInRange(1, 60, "SPEC §5 and issue 4: challenge TTL 60 s or less by default");
    }

    [Fact]
    public async Task A_value_published_with_the_cli_is_answered_by_dns_when_the_command_exits()
    {
        var value = AcmeDigest.New();

        var publish = await server.RunChallengeCommandAsync("publish", Name, value);

        publish.ExitCode.Should().Be(0, publish.Output);
        publish.Stdout.Should().StartWith($"published {Name} {value} until ");
        (await DnsProbe.TxtAsync(server.DnsEndpoint, Name)).Should().Equal(value);
    }

    [Fact]
    public async Task Published_values_are_answered_and_listed_after_the_server_process_restarts()
    {
        var wildcard = AcmeDigest.New();
        var baseName = AcmeDigest.New();
        var alias = AcmeDigest.New();
        using (var client = server.CreateClient())
        {
            await client.PublishAsync(Name, wildcard);
            await client.PublishAsync(Name, baseName);
            await client.PublishAsync(CnameName, alias);
        }

        var firstPid = server.ProcessId;
        await server.RestartAsync();

        server.ProcessId.Should().NotBe(firstPid, "the restart must be a new process");
        (await DnsProbe.TxtAsync(server.DnsEndpoint, Name)).Should().BeEquivalentTo(wildcard, baseName);
        (await DnsProbe.TxtAsync(server.DnsEndpoint, CnameName)).Should().Equal(alias);
        using var after = server.CreateClient();
        (await after.ListAsync()).Select(entry => (entry.Name, entry.Value)).Should().BeEquivalentTo(
            [(Name, wildcard), (Name, baseName), (CnameName, alias)]);
    }

    [Theory]
    [InlineData("a wildcard and its base name", 2)]
    [InlineData("the most one name may hold", 8)]
    public async Task Several_values_at_one_name_come_as_one_txt_record_each_in_one_udp_answer(string scenario, int count)
    {
        var values = Enumerable.Range(0, count).Select(_ => AcmeDigest.New()).ToArray();
        using var client = server.CreateClient();
        foreach (var value in values)
        {
            await client.PublishAsync(Name, value);
        }

        var response = await DnsProbe.QueryAsync(server.DnsEndpoint, Name, RecordType.Txt);

        response.IsTruncated.Should().BeFalse(scenario);
        response.AnswerRecords.Should().HaveCount(count).And.AllBeOfType<TxtRecord>();
        response.AnswerRecords.OfType<TxtRecord>().Select(record => record.TextData).Should().BeEquivalentTo(values, scenario);
    }

    [Fact]
    public async Task After_remove_the_name_answers_nodata()
    {
        var kept = AcmeDigest.New();
        var removed = AcmeDigest.New();
        using var client = server.CreateClient();
        await client.PublishAsync(Name, kept);
        await client.PublishAsync(Name, removed);

        (await client.RemoveAsync(Name, removed)).Should().BeTrue();
        (await DnsProbe.TxtAsync(server.DnsEndpoint, Name)).Should().Equal(kept);

        var remove = await server.RunChallengeCommandAsync("remove", Name, kept);
        remove.ExitCode.Should().Be(0, remove.Output);

        await ShouldAnswerNoDataAsync(Name);
    }

    [Fact]
    public async Task After_remove_all_with_the_cli_the_name_answers_nodata()
    {
        using var client = server.CreateClient();
        await client.PublishAsync(CnameName, AcmeDigest.New());
        await client.PublishAsync(CnameName, AcmeDigest.New());

        var remove = await server.RunChallengeCommandAsync("remove", CnameName);

        remove.ExitCode.Should().Be(0, remove.Output);
        remove.Stdout.Should().StartWith($"removed 2 values at {CnameName}");
        await ShouldAnswerNoDataAsync(CnameName);
        (await client.ListAsync()).Should().BeEmpty();
    }

    /// <summary>RFC 2308 §2.2: NODATA is NOERROR with an empty answer and the zone's SOA in the authority section.</summary>
    private async Task ShouldAnswerNoDataAsync(string name)
    {
        var response = await DnsProbe.QueryAsync(server.DnsEndpoint, name, RecordType.Txt);
        response.ReturnCode.Should().Be(ReturnCode.NoError, name);
        response.AnswerRecords.Should().BeEmpty(name);
        response.AuthorityRecords.OfType<SoaRecord>().Should().ContainSingle(name);
    }
}
