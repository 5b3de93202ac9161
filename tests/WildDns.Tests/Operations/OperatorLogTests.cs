using System.Text.RegularExpressions;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// Issue 15, logs and metrics as an operator reads them: start-up names the zones with their static record counts and
/// the TSIG keys by name (never a secret), sampled query lines say <c>A</c> and <c>NOERROR</c> instead of numbers, a
/// shutdown logs no "dropped" message per receive loop, and the TCP-connection and reload series read 0 from the start.
/// </summary>
public sealed partial class OperatorLogTests
{
    private const string Secret = "c2hhcmVkLXNlY3JldC1vZi10aGUtYWNtZS1rZXktMzI=";
    private const string OtherSecret = "b3RoZXItc2VjcmV0LW9mLWEtc2Vjb25kLWtleS0zMiE=";

    /// <summary>A second zone with a known number of records: SOA, NS, A and CNAME.</summary>
    private const string AliasZone = """
        $TTL 300
        @     IN SOA ns1.alias.example.net. hostmaster.example.net. 1 7200 900 1209600 60
        @     IN NS  ns1.alias.example.net.
        ns1   IN A   192.0.2.1
        www   IN CNAME ns1.alias.example.net.
        """;

    [Fact]
    public async Task StartUp_names_zones_and_key_names_queries_log_in_words_and_shutdown_logs_no_dropped_message()
    {
        var zones = Directory.CreateTempSubdirectory("wilddns-zones-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone"), Path.Combine(zones, "cert.example.com.zone"));
            File.WriteAllText(Path.Combine(zones, "alias.example.net.zone"), AliasZone);
            await using var server = await ServerProcess.StartAsync(
                extraArguments: ["--zones", zones],
                environment: new Dictionary<string, string?>
                {
                    ["WildDns__Tsig__Keys__0"] = $"acme-key:hmac-sha256:{Secret}:cald5f5f7ba45.cert.example.com",
                    ["WildDns__Tsig__Keys__1"] = $"lego:hmac-sha512:{OtherSecret}",
                    ["WildDns__Logging__QuerySampleRate"] = "1",
                    ["WildDns__Dns__UdpReceivers"] = "2",
                    ["Logging__Console__FormatterName"] = "simple",
                    ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                });

            await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(1, "192-168-2-1.cald5f5f7ba45.cert.example.com", 1));
            await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(2, "www.cald5f5f7ba45.client-abc.cert.example.com", 28));
            await DnsExchange.TcpAsync(server.DnsEndpoint, RawQuery.Build(3, "www.alias.example.net", 65));
            var exitCode = await server.StopAsync(TimeSpan.FromSeconds(20));

            var output = server.Output;
            exitCode.Should().Be(0, output);
            output.Should().MatchRegex(@"Zones loaded from \S+: alias\.example\.net \(4 static records\), cert\.example\.com \(\d+ static records\)");
            output.Should().Contain("TSIG keys for RFC 2136 UPDATE: acme-key (hmac-sha256, scopes cald5f5f7ba45.cert.example.com), lego (hmac-sha512, every zone)");
            output.Should().NotContain(Secret).And.NotContain(OtherSecret);
            output.Should().Contain("Answered a udp A query as address, NOERROR,");
            output.Should().Contain("Answered a udp AAAA query as non_existent, NXDOMAIN,");
            output.Should().Contain("Answered a tcp HTTPS query as static, NOERROR,");
            output.Should().NotContain("type 1").And.NotContain("rcode 0");
            AnsweredLines().Count(output).Should().Be(3 + ProbeLines(output), "each query once, and no line for the receive loops woken at shutdown");
            output.Should().NotContain("dropped");
        }
        finally
        {
            Directory.Delete(zones, recursive: true);
        }
    }

    [Fact]
    public async Task StartUp_without_keys_says_update_is_refused()
    {
        await using var server = await ServerProcess.StartAsync();
        await server.StopAsync(TimeSpan.FromSeconds(20));

        server.Output.Should().Contain("No TSIG keys configured (WildDns:Tsig): RFC 2136 UPDATE is refused");
    }

    [Fact]
    public async Task TcpConnection_and_reload_series_read_zero_before_their_first_event()
    {
        await using var server = await ServerProcess.StartAsync();

        var metrics = await MetricsScrape.ReadAsync(server.OpsAddress);

        metrics.Has("wilddns_dns_tcp_connections").Should().BeTrue(metrics.Text);
        metrics.Sum("wilddns_dns_tcp_connections").Should().Be(0, metrics.Text);
        metrics.Has("wilddns_zones_reloads_total").Should().BeTrue(metrics.Text);
        metrics.Sum("wilddns_zones_reloads_total", ("outcome", "success")).Should().Be(0, metrics.Text);
        metrics.Sum("wilddns_zones_reloads_total", ("outcome", "failure")).Should().Be(0, metrics.Text);
    }

    /// <summary>The harness's readiness probes (SOA queries) are answered, and logged, too.</summary>
    private static int ProbeLines(string output) => ProbeAnswered().Count(output);

    [GeneratedRegex(@"Answered a (udp|tcp) ")]
    private static partial Regex AnsweredLines();

    [GeneratedRegex(@"Answered a (udp|tcp) SOA query ")]
    private static partial Regex ProbeAnswered();
}
