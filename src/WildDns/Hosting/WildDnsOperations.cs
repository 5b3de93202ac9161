using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using WildDns.Configuration;
using WildDns.Dns.Transport;
using WildDns.Telemetry;

namespace WildDns.Hosting;

/// <summary>
/// What an operator runs the server with: metrics (<c>/metrics</c>, OTLP), <c>/health/live</c> and <c>/health/ready</c> on the
/// operations port (plain HTTP/1.1),
/// sampled query logs, zone reloads, and a shutdown bounded by <c>WildDns:Dns:ShutdownGraceSeconds</c>.
/// </summary>
public static class WildDnsOperations
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the health checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    // Set on connections to the operations port, so that its paths answer there and nowhere else.
    private static readonly object OperationsListenerMark = new();

    /// <summary>Binds and checks the operations settings (throws <see cref="ConfigurationError"/>) and registers their services.</summary>
    public static WebApplicationBuilder AddWildDnsOperations(this WebApplicationBuilder builder, DnsSettings dns)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dns);
        var operations = OperationsSettings.Bind(builder.Configuration);
        var telemetry = SettingsBinder.Bind<TelemetrySettings>(builder.Configuration, TelemetrySettings.Section);
        var logging = SettingsBinder.Bind<LoggingSettings>(builder.Configuration, LoggingSettings.Section);
        var reload = SettingsBinder.Bind<ZoneReloadSettings>(builder.Configuration, ZoneReloadSettings.Section);
        OperationsSettingsValidator.Validate(operations, telemetry, logging, reload);
        builder.QuietenHostLogs();
        var services = builder.Services;
        services.AddSingleton(Options.Create(operations));
        services.AddSingleton(Options.Create(telemetry));
        services.AddSingleton(Options.Create(reload));

        // The listeners get the grace to answer what they hold (DnsHostedService); the host as a whole no longer.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(dns.ShutdownGraceSeconds));

        services.AddSingleton(provider => new DnsMetrics(
            provider.GetRequiredService<IMeterFactory>(), logging.QuerySampleRate, provider.GetRequiredService<ILogger<DnsMetrics>>()));
        services.AddSingleton<IAnswerObserver>(provider => provider.GetRequiredService<DnsMetrics>());
        services.AddSingleton<ControlMetrics>();

        // A global interceptor runs before the control service's own, so calls refused by authentication are counted too.
        services.AddGrpc(grpc => grpc.Interceptors.Add<ControlMetrics>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("wilddns"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DnsMetrics.MeterName, ControlMetrics.MeterName);

                // A cached scrape would show counts up to a second old; a scrape is cheap enough to build each time.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = new Uri(telemetry.OtlpEndpoint);
                        exporter.Protocol = telemetry.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.OtlpExportIntervalSeconds * 1000;
                    });
                }
            });

        services.AddHealthChecks().AddCheck<ReadinessCheck>(ReadyTag, tags: [ReadyTag]);
        services.AddSingleton<ZoneReloader>();
        services.AddHostedService(provider => provider.GetRequiredService<ZoneReloader>());

        builder.ListenForOperations(operations);
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c> on the operations port; none needs the control token.</summary>
    public static WebApplication MapWildDnsOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Creating the control meter now makes the published-challenges gauge visible before the first control call.
        _ = app.Services.GetRequiredService<ControlMetrics>();

        return app.MapOperationsPaths();
    }

    /// <summary>
    /// Lowers ASP.NET Core's request lines to warnings and the host's start failures to critical, below every other source,
    /// so that <c>Logging:LogLevel</c> in appsettings or the environment still wins.
    /// </summary>
    public static WebApplicationBuilder QuietenHostLogs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A line per scrape and per probe would bury the server's own lines.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),

                // A start that fails (a port taken, an address missing) is one line from 'wilddns serve', not the host's
                // error with a stack trace; a background service that fails still logs, at Critical, with its exception.
                new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical"),
            ],
        });
        return builder;
    }

    /// <summary>
    /// Opens the operations port of <paramref name="operations"/> (plain HTTP/1.1) when its port is not 0; the paths
    /// <see cref="MapOperationsPaths"/> maps answer on it and nowhere else. Shared by <c>wilddns serve</c> and <c>wilddns registrar serve</c>.
    /// </summary>
    public static WebApplicationBuilder ListenForOperations(this WebApplicationBuilder builder, OperationsSettings operations)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Port > 0)
        {
            var addresses = operations.ListenAddresses()!;
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                foreach (var address in addresses)
                {
                    kestrel.Listen(address, operations.Port, listen =>
                    {
                        // Plain HTTP/1.1, what Prometheus, Kubernetes probes and curl speak without being told otherwise.
                        listen.Protocols = HttpProtocols.Http1;
                        listen.Use(next => connection =>
                        {
                            connection.Items[OperationsListenerMark] = true;
                            return next(connection);
                        });
                    });
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// Maps <c>/metrics</c> (the Prometheus exporter the caller registered), <c>/health/live</c> and <c>/health/ready</c> (the
    /// checks tagged <see cref="ReadyTag"/>), answering only on the port <see cref="ListenForOperations"/> opened.
    /// </summary>
    public static WebApplication MapOperationsPaths(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The other ports (control, EST, admin) stay what they are: the operations paths are not found on any of them.
        app.Use((context, next) =>
            context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(OperationsListenerMark) == true
            || !(context.Request.Path.StartsWithSegments(MetricsPath) || context.Request.Path.StartsWithSegments("/health"))
                ? next(context)
                : NotFound(context));
        app.MapPrometheusScrapingEndpoint(MetricsPath);

        // Live: the process serves HTTP at all. Ready: the checks tagged ready (ReadinessCheck, RegistrarReadinessCheck).
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
