namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Telemetry</c> configuration section: where metrics are pushed besides the <c>/metrics</c> scrape endpoint of <see cref="OperationsSettings"/>.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "WildDns:Telemetry";

    /// <summary>OTLP collector to push metrics to, e.g. <c>http://otel-collector:4317</c>; empty: no push, scrape only.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318, the endpoint then ends in <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP.</summary>
    public int OtlpExportIntervalSeconds { get; set; } = 60;
}
