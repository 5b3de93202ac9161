using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using WildDns.Testing;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// The operations port as the tools that read it speak to it: curl's plain HTTP/1.1 with the server's default settings,
/// and a real Prometheus (Debian's package) scraping it, whose own query API then returns WildDns's counters.
/// </summary>
public sealed class ScrapeToolTests
{
    private const string AddressName = "10-1-2-3.cald5f5f7ba45.cert.example.com";
    private static readonly TimeSpan PrometheusWait = TimeSpan.FromSeconds(90);

    [RequiresToolsFact("curl")]
    public async Task Curl_reads_metrics_and_readiness_over_HTTP_1_1_with_the_default_settings()
    {
        await using var server = await ServerProcess.StartAsync(defaultOpsPort: true);
        await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(1, AddressName, 1));

        var ready = await Curl("http://127.0.0.1:5381/health/ready");
        var metrics = await Curl("http://127.0.0.1:5381/metrics");

        ready.ExitCode.Should().Be(0, ready.Output);
        ready.Stdout.TrimEnd().Should().Contain("HTTP/1.1 200").And.EndWith("Healthy");
        metrics.ExitCode.Should().Be(0, metrics.Output);
        metrics.Stdout.Should().Contain("HTTP/1.1 200");
        MetricsScrape.Parse(metrics.Stdout[metrics.Stdout.IndexOf("# ", StringComparison.Ordinal)..])
            .Sum("wilddns_dns_queries_total", ("dns_question_type", "A"), ("wilddns_answer_kind", "address"))
            .Should().Be(1, metrics.Stdout);
    }

    [RequiresToolsFact("curl")]
    public async Task The_control_port_does_not_serve_the_operations_paths()
    {
        await using var server = await ServerProcess.StartAsync();

        var overControl = await Curl($"{server.ControlAddress}metrics", "--http2-prior-knowledge");

        overControl.Stdout.Should().Contain("HTTP/2 404", overControl.Output);
    }

    [RequiresToolsFact("prometheus")]
    public async Task Prometheus_scrapes_the_operations_port_and_its_API_returns_the_query_counter()
    {
        await using var server = await ServerProcess.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build((ushort)i, AddressName, 1));
        }

        var directory = Directory.CreateTempSubdirectory("wilddns-prometheus-").FullName;
        try
        {
            var port = FreePorts.Next();
            var config = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: wilddns
                    static_configs:
                      - targets: ['127.0.0.1:{server.OpsPort.ToString(CultureInfo.InvariantCulture)}']
                """);
            await using var prometheus = ChildProcess.Start(
                ExternalTool.Require("prometheus"),
                [
                    $"--config.file={config}",
                    $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                    $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                ],
                workingDirectory: directory);

            var query = Uri.EscapeDataString("""sum(wilddns_dns_queries_total{job="wilddns",dns_question_type="A",wilddns_answer_kind="address",dns_response_code="NOERROR"})""");
            var value = await PollAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/v1/query?query={query}"), prometheus);

            value.Should().Be("5", prometheus.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Asks Prometheus until its answer holds a sample (it scrapes every second), within <see cref="PrometheusWait"/>.</summary>
    private static async Task<string?> PollAsync(Uri query, ChildProcess prometheus)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + PrometheusWait;
        string? last = null;
        while (DateTime.UtcNow < deadline && !prometheus.HasExited)
        {
            try
            {
                using var document = JsonDocument.Parse(await client.GetStringAsync(query));
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                last = result.GetArrayLength() > 0 ? result[0].GetProperty("value")[1].GetString() : null;
                if (last is not null)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow answer on a loaded machine; ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return last;
    }

    private static Task<ChildProcess> Curl(string url, params string[] options) =>
        ChildProcess.RunAsync(ExternalTool.Require("curl"), ["--silent", "--show-error", "--include", "--max-time", "10", .. options, url], TimeSpan.FromSeconds(30));
}
