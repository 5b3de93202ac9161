using System.Globalization;
using System.Text.Json;

namespace WildDns.Bench.Load;

/// <summary>The figures of one run, as text for people and JSON for scripts (bench/compare.sh).</summary>
public sealed class LoadReport(LoadOptions options, ResponseTally tally, TimeSpan duration, TimeSpan generatorCpu, long generatorAllocatedBytes)
{
    // RFC 1035 §4.1.1 and RFC 2136 §2.2 names; 11-15 are unassigned in the 4-bit header field.
    private static readonly string[] ResponseCodeNames =
    [
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
        "NXRRSET", "NOTAUTH", "NOTZONE", "RCODE11", "RCODE12", "RCODE13", "RCODE14", "RCODE15",
    ];

    public long Sent => tally.Sent;

    public long Answered => tally.Answered;

    /// <summary>Sent and never answered within the timeout after sending stopped.</summary>
    public long Lost => Math.Max(0, tally.Sent - tally.Answered);

    /// <summary>Answers per second of sending time: what dnsperf calls "Queries per second".</summary>
    public double AchievedQps => tally.Answered / duration.TotalSeconds;

    public double PercentileMicroseconds(double quantile) => tally.Latency.ValueAt(quantile) / 1000.0;

    public void WriteText(TextWriter writer)
    {
        writer.WriteLine($"load: {(options.Tcp ? "tcp" : "udp")} to {options.Server}, {options.Concurrency} {(options.Tcp ? "connections" : "sockets")}, " +
            $"{(options.Rate is { } rate ? $"{rate} qps offered (open loop)" : $"max (closed loop, window {options.Window} per socket)")}, {duration.TotalSeconds:0.###} s");
        writer.WriteLine($"  queries sent      {Sent,12}");
        writer.WriteLine($"  queries answered  {Answered,12}  ({Percent(Answered, Sent)}%)");
        writer.WriteLine($"  queries lost      {Lost,12}  ({Percent(Lost, Sent)}%)");
        writer.WriteLine($"  achieved qps      {AchievedQps,12:0}");
        writer.WriteLine($"  latency µs        p50 {PercentileMicroseconds(0.5):0.0}  p99 {PercentileMicroseconds(0.99):0.0}  p99.9 {PercentileMicroseconds(0.999):0.0}  max {tally.Latency.MaxNanoseconds / 1000.0:0.0}");
        writer.Write("  response codes   ");
        foreach (var (name, count) in ResponseCodes())
        {
            writer.Write($" {name} {count} ({Percent(count, Answered)}%)");
        }

        writer.WriteLine();
        writer.WriteLine($"  NOERROR without answer (NODATA) {tally.NoData}, truncated {tally.Truncated}, unmatched {tally.Unmatched}, socket errors {tally.SocketErrors}");
        writer.WriteLine($"  generator CPU     {generatorCpu.TotalSeconds:0.00} s ({generatorCpu.TotalSeconds / duration.TotalSeconds:0.00} cores), {generatorAllocatedBytes / 1024.0:0} KiB allocated while running");
    }

    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("server", options.Server.ToString());
        json.WriteString("transport", options.Tcp ? "tcp" : "udp");
        json.WriteString("mode", options.Rate is null ? "max" : "rate");
        if (options.Rate is { } rate)
        {
            json.WriteNumber("offered_qps", rate);
        }
        else
        {
            json.WriteNumber("window", options.Window);
        }

        json.WriteNumber("concurrency", options.Concurrency);
        json.WriteNumber("duration_s", duration.TotalSeconds);
        json.WriteNumber("sent", Sent);
        json.WriteNumber("answered", Answered);
        json.WriteNumber("lost", Lost);
        json.WriteNumber("achieved_qps", Math.Round(AchievedQps, 1));
        json.WriteStartObject("latency_us");
        json.WriteNumber("p50", Math.Round(PercentileMicroseconds(0.5), 1));
        json.WriteNumber("p99", Math.Round(PercentileMicroseconds(0.99), 1));
        json.WriteNumber("p99_9", Math.Round(PercentileMicroseconds(0.999), 1));
        json.WriteNumber("max", Math.Round(tally.Latency.MaxNanoseconds / 1000.0, 1));
        json.WriteEndObject();
        json.WriteStartObject("rcodes");
        foreach (var (name, count) in ResponseCodes())
        {
            json.WriteNumber(name, count);
        }

        json.WriteEndObject();
        json.WriteNumber("nodata", tally.NoData);
        json.WriteNumber("truncated", tally.Truncated);
        json.WriteNumber("unmatched", tally.Unmatched);
        json.WriteNumber("socket_errors", tally.SocketErrors);
        json.WriteNumber("generator_cpu_s", Math.Round(generatorCpu.TotalSeconds, 3));
        json.WriteNumber("generator_allocated_bytes", generatorAllocatedBytes);
        json.WriteEndObject();
    }

    private IEnumerable<(string Name, long Count)> ResponseCodes()
    {
        for (var code = 0; code < ResponseCodeNames.Length; code++)
        {
            if (tally.ByResponseCode[code] > 0)
            {
                yield return (ResponseCodeNames[code], tally.ByResponseCode[code]);
            }
        }
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "0" : (100.0 * part / whole).ToString("0.##", CultureInfo.InvariantCulture);
}
