using System.Globalization;
using System.Net;

namespace WildDns.Tests.Operations;

/// <summary>One read of a Prometheus text exposition: every sample with its labels, and sums over those that match.</summary>
internal sealed class MetricsScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples;

    private MetricsScrape(List<(string Name, Dictionary<string, string> Labels, double Value)> samples, string text)
    {
        this.samples = samples;
        Text = text;
    }

    public string Text { get; }

    /// <summary>GETs <c>/metrics</c> from an operations port, plain HTTP/1.1.</summary>
    public static async Task<MetricsScrape> ReadAsync(Uri opsAddress)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(opsAddress, "/metrics"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads lines such as <c>wilddns_dns_queries_total{a="x",b="y"} 3</c>; comments are skipped.</summary>
    public static MetricsScrape Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            var name = brace < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..brace];
            if (brace >= 0)
            {
                // Label values here never hold '",' so a plain split is enough for the server's own series.
                foreach (var pair in line[(brace + 1)..close].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..equals]] = pair[(equals + 1)..].Trim('"');
                }
            }

            var valueText = line[((close >= 0 ? close : name.Length) + 1)..].Trim().Split(' ')[0];
            samples.Add((name, labels, double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new MetricsScrape(samples, text);
    }

    /// <summary>The sum of <paramref name="name"/> over samples whose labels include every pair in <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        samples.Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Key, out var value) && value == label.Value))
            .Sum(sample => sample.Value);

    public bool Has(string name) => samples.Any(sample => sample.Name == name);
}
