namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Telemetry</c> configuration section: where metrics go besides the <c>/metrics</c> scrape endpoint.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "WildDns:Telemetry";

    /// <summary>OTLP collector to push metrics to, e.g. <c>http://otel-collector:4317</c>; empty: no push, scrape only.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318, the endpoint then ends in <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP.</summary>
    public int OtlpExportIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// A plain HTTP/1.1 port for <c>/metrics</c> and <c>/health/*</c> only, for scrapers that cannot speak cleartext HTTP/2
    /// (Prometheus, Kubernetes probes); 0: none, those paths are served on the control port alone.
    /// </summary>
    public int HttpPort { get; set; }

    /// <summary>IP addresses of <see cref="HttpPort"/>, comma-separated.</summary>
    public string HttpListen { get; set; } = "127.0.0.1";
}
