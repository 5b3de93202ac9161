extern alias wilddns;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using WildDns.Bench.Load;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Transport;
using WildDns.Dns.Zones;
using wilddns::WildDns.Telemetry;

namespace WildDns.Bench.Dns;

/// <summary>
/// What metrics add to one answer: the answer alone (baseline), the answer followed by <see cref="DnsMetrics.OnAnswered"/>
/// as the UDP listener calls it, and the observer call alone. The OpenTelemetry SDK collects the <c>WildDns.Dns</c> meter
/// as the server does (counter and histogram aggregated, exported by a reader), so the figures include its aggregation.
/// Every benchmark must stay at 0 B allocated (bench/allocation-budget.json).
/// </summary>
[MemoryDiagnoser]
public class MetricsCostBenchmarks
{
    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    private ServiceProvider services = null!;
    private MeterProvider meterProvider = null!;
    private AnswerEngine engine = null!;
    private DnsMetrics observer = null!;
    private byte[] query = null!;
    private AnswerOutcome outcome;

    [GlobalSetup]
    public void Setup()
    {
        engine = new AnswerEngine(ZoneFileLoader.LoadDirectory(ShippedZones.Directory, origin => new ZonePolicy(origin)), new AnswerOptions());
        var buffer = new byte[512];
        query = buffer.AsSpan(0, QueryMessage.Write(buffer, "192-168-2-1.e3b0c44298fc1c14.cert.example.com", QueryType.A)).ToArray();
        outcome = engine.Answer(query, response, overTcp: false);
        if (outcome.Category != AnswerCategory.Address)
        {
            throw new InvalidOperationException($"the benchmark query is answered as {outcome.Category}, not Address.");
        }

        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DnsMetrics.MeterName)
            .AddReader(new PeriodicExportingMetricReader(new DiscardingMetricExporter(), exportIntervalMilliseconds: 60_000))
            .Build();
        observer = new DnsMetrics(services.GetRequiredService<IMeterFactory>());

        // Every series this benchmark touches exists before measuring, as it would after a server's first seconds.
        observer.OnAnswered(in outcome, DnsTransport.Udp, Stopwatch.GetTimestamp());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        meterProvider.Dispose();
        services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Answer() => engine.Answer(query, response, overTcp: false).Length;

    [Benchmark]
    public int AnswerAndCount()
    {
        var start = Stopwatch.GetTimestamp();
        var answered = engine.Answer(query, response, overTcp: false);
        observer.OnAnswered(in answered, DnsTransport.Udp, start);
        return answered.Length;
    }

    [Benchmark]
    public int CountOnly()
    {
        observer.OnAnswered(in outcome, DnsTransport.Udp, Stopwatch.GetTimestamp());
        return outcome.Length;
    }
}
