using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace WildDns.Bench.Dns;

/// <summary>An OpenTelemetry exporter that takes every batch and keeps nothing: the SDK aggregates as in production, nothing is sent.</summary>
internal sealed class DiscardingMetricExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
