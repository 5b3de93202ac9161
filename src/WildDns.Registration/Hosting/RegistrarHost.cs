using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WildDns.Registration.Admin;
using WildDns.Registration.Authority;
using WildDns.Registration.Est;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Workflow;

namespace WildDns.Registration.Hosting;

/// <summary>
/// The registration server composed: the registry in the data directory, the enrollment workflow in front of an
/// <see cref="ICertificateAuthority"/>, the EST endpoints on HTTPS (<see cref="EstSettings.Port"/>) and the admin gRPC API
/// (<see cref="AdminSettings.Port"/>). The one entry point for <c>wilddns registrar serve</c> and for tests.
/// </summary>
/// <example>
/// <code>
/// await using var registrar = RegistrarHost.Build(settings, services => new AcmeCertificateAuthority(...));
/// await registrar.RunAsync(stopping);
/// </code>
/// </example>
public sealed class RegistrarHost : IAsyncDisposable
{
    private RegistrarHost(WebApplication app, RegistrarSettings settings, EstCertificate estCertificate)
    {
        App = app;
        Settings = settings;
        EstCertificate = estCertificate;
    }

    /// <summary>The web application; add endpoints (metrics, health) before starting it.</summary>
    public WebApplication App { get; }

    public RegistrarSettings Settings { get; }

    /// <summary>The EST listener's certificate, whose fingerprint a generated one is pinned by.</summary>
    public EstCertificate EstCertificate { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Builds the registrar with a CA instance.</summary>
    public static RegistrarHost Build(RegistrarSettings settings, ICertificateAuthority authority, Action<WebApplicationBuilder>? configure = null) =>
        Build(settings, _ => authority, configure);

    /// <summary>
    /// Validates <paramref name="settings"/> (throwing <see cref="InvalidRegistrarSettingsException"/>), then builds the
    /// registrar with the CA <paramref name="authority"/> makes from the services (its logger, clock, HTTP clients).
    /// <paramref name="configure"/> runs first, so services it registers (a <see cref="TimeProvider"/>, an
    /// <see cref="IDeviceRegistry"/> on another engine, logging, configuration) replace the defaults.
    /// </summary>
    public static RegistrarHost Build(
        RegistrarSettings settings, Func<IServiceProvider, ICertificateAuthority> authority, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(authority);
        var failures = RegistrarSettingsValidator.Validate(settings);
        if (failures.Count > 0)
        {
            throw new InvalidRegistrarSettingsException(failures);
        }

        DataDirectory.Create(settings.DataDirectory);
        var estCertificate = EstCertificate.Load(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(estCertificate);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeviceRegistry>(_ => settings.Store.ConnectionString is { Length: > 0 } store
            ? PostgresDeviceRegistry.Open(store)
            : new SqliteDeviceRegistry(settings.DataDirectory));
        services.AddSingleton(_ => RegistryKey.LoadOrCreate(settings.DataDirectory));
        services.AddSingleton(new DeviceNames(settings.Zone, settings.AliasLabel));
        services.AddSingleton(authority);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminAuthenticator>();
        services.AddMetrics();
        services.AddSingleton<EnrollmentMetrics>();
        services.AddSingleton<EnrollmentWorkflow>();
        services.AddHostedService(provider => provider.GetRequiredService<EnrollmentWorkflow>());
        services.AddSingleton<EnrollmentGate>();
        services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024);
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, settings, estCertificate));

        var app = builder.Build();
        app.MapWildDnsEst();
        app.MapGrpcService<RegistrarAdminService>();
        return new RegistrarHost(app, settings, estCertificate);
    }

    /// <summary>Creates the registry key and the admin token, opens the registry, resumes open enrollments, then opens the listeners.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _ = Services.GetRequiredService<RegistryKey>();
        _ = Services.GetRequiredService<AdminAuthenticator>();
        _ = Services.GetRequiredService<IDeviceRegistry>();
        var logger = Services.GetRequiredService<ILoggerFactory>().CreateLogger<RegistrarHost>();
        logger.LogInformation(
            "EST listener certificate sha256 {Fingerprint}{Origin}",
            EstCertificate.Fingerprint,
            EstCertificate.Generated ? $" (self-signed, in {Path.GetFullPath(Path.Combine(Settings.DataDirectory, EstCertificate.CertificateFileName))}; datasets carry it as est_pin)" : string.Empty);
        await App.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await App.StopAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Starts, and runs until <paramref name="cancellationToken"/> or a shutdown signal.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var lifetime = Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync().ConfigureAwait(false);

    private static void Listen(KestrelServerOptions kestrel, RegistrarSettings settings, EstCertificate estCertificate)
    {
        RegistrarSettingsValidator.TryParseAddresses(settings.Est.Listen, out var estAddresses);
        foreach (var address in estAddresses)
        {
            kestrel.Listen(address, settings.Est.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = estCertificate.Certificate;

                    // Asked for, not required: a first enrollment has none. Any certificate passes the handshake; the
                    // registry pins it by fingerprint afterwards, and public CAs' certificates lack the clientAuth usage.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true;
                    https.CheckCertificateRevocation = false;
                });
            });
        }

        RegistrarSettingsValidator.TryParseAddresses(settings.Admin.Listen, out var adminAddresses);
        foreach (var address in adminAddresses)
        {
            // Cleartext gRPC is HTTP/2 only: there is no ALPN to tell versions apart.
            kestrel.Listen(address, settings.Admin.Port, listen => listen.Protocols = HttpProtocols.Http2);
        }
    }
}
