using FluentAssertions;
using Grpc.Core;
using WildDns.Client;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// The real server's <c>/metrics</c> after a known set of queries and control calls: each shows up under its transport,
/// question type, answer kind and response code, and each control call under its method and status.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Queries = "wilddns_dns_queries_total";
    private const string Calls = "wilddns_control_calls_total";
    private const string Value = "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE";

    [Fact]
    public async Task Metrics_count_every_query_and_control_call_by_its_tags()
    {
        await using var server = await ServerProcess.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build((ushort)i, "192-168-2-1.cald5f5f7ba45.cert.example.com", 1));
        }

        for (var i = 0; i < 2; i++)
        {
            await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build((ushort)i, "www.cald5f5f7ba45.client-abc.cert.example.com", 1));
        }

        await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(7, "www.example.org", 1));
        for (var i = 0; i < 2; i++)
        {
            await DnsExchange.TcpAsync(server.DnsEndpoint, RawQuery.Build((ushort)i, "fd00--1.cald5f5f7ba45.cert.example.com", 28));
        }

        using (var client = server.CreateClient())
        {
            await client.PublishAsync("_acme-challenge.cald5f5f7ba45.cert.example.com", Value);
            var apex = () => client.PublishAsync("_acme-challenge.cert.example.com", Value);
            await apex.Should().ThrowAsync<RpcException>();
        }

        using (var stranger = new ChallengeClient(server.ControlAddress, "not-the-token-of-this-server"))
        {
            var list = () => stranger.ListAsync();
            await list.Should().ThrowAsync<RpcException>();
        }

        var metrics = await MetricsScrape.ReadAsync(server.OpsAddress);

        metrics.Sum(Queries, ("network_transport", "udp"), ("dns_question_type", "A"), ("wilddns_answer_kind", "address"), ("dns_response_code", "NOERROR"))
            .Should().Be(3, metrics.Text);
        metrics.Sum(Queries, ("network_transport", "udp"), ("dns_question_type", "A"), ("wilddns_answer_kind", "non_existent"), ("dns_response_code", "NXDOMAIN"))
            .Should().Be(2, metrics.Text);
        metrics.Sum(Queries, ("network_transport", "udp"), ("wilddns_answer_kind", "refused"), ("dns_response_code", "REFUSED"))
            .Should().Be(1, metrics.Text);
        metrics.Sum(Queries, ("network_transport", "tcp"), ("dns_question_type", "AAAA"), ("wilddns_answer_kind", "address"), ("dns_response_code", "NOERROR"))
            .Should().Be(2, metrics.Text);
        metrics.Sum("wilddns_dns_answer_duration_seconds_count", ("network_transport", "tcp"), ("wilddns_answer_kind", "address"))
            .Should().Be(2, metrics.Text);

        metrics.Sum(Calls, ("rpc_method", "Publish"), ("rpc_grpc_status_code", "0")).Should().Be(1, metrics.Text);
        metrics.Sum(Calls, ("rpc_method", "Publish"), ("rpc_grpc_status_code", ((int)StatusCode.PermissionDenied).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Be(1, metrics.Text);
        metrics.Sum(Calls, ("rpc_method", "List"), ("rpc_grpc_status_code", ((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Be(1, metrics.Text);
        metrics.Sum("wilddns_challenges_published").Should().Be(1, metrics.Text);
        metrics.Has("wilddns_dns_tcp_connections").Should().BeTrue(metrics.Text);
    }

    [Fact]
    public async Task Metrics_and_health_need_no_token()
    {
        await using var server = await ServerProcess.StartAsync();

        var metrics = await MetricsScrape.ReadAsync(server.OpsAddress);
        var ready = await ChildProcess.RunAsync(
            RepositoryLayout.DotnetHost,
            [RepositoryLayout.WildDnsDll, "health", "--url", server.OpsAddress.ToString()],
            TimeSpan.FromSeconds(30));

        metrics.Has("wilddns_challenges_published").Should().BeTrue(metrics.Text);
        ready.ExitCode.Should().Be(0, ready.Output);
        ready.Stdout.Should().Contain("Healthy");
    }
}
