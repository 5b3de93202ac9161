using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Control.Hosting;
using WildDns.Core.Challenges;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Updates;

namespace WildDns.Hosting;

/// <summary>Composes the server: configuration, zones, the DNS engine and listeners, and the control plane.</summary>
public static class WildDnsHost
{
    /// <summary>Builds the host from a <c>serve</c> command line, such as <c>--dns-port 0 --WildDns:Zones:Watch false</c>.</summary>
    public static WebApplication Build(IReadOnlyList<string> args, TextWriter? warnings = null)
    {
        return Build(CommandLineSwitches.Parse(args), warnings);
    }

    /// <summary>
    /// Builds the host with <paramref name="switches"/> over appsettings.json and the environment and binds the DNS ports;
    /// throws <see cref="ConfigurationError"/> or <see cref="InvalidDataException"/> on bad settings,
    /// <see cref="Dns.Transport.DnsBindException"/> when a port is taken, and writes a line to
    /// <paramref name="warnings"/> (default: standard error) per key under <c>WildDns:</c> that is no setting.
    /// </summary>
    public static WebApplication Build(IReadOnlyList<KeyValuePair<string, string?>> switches, TextWriter? warnings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(switches);
        foreach (var warning in SettingsCatalog.Check(builder.Configuration))
        {
            (warnings ?? Console.Error).WriteLine($"wilddns: warning: {warning}");
        }

        // Lowest source, so an operator's setting still wins. A start that fails is reported as one line with a non-zero
        // exit by the verb that runs the host; the host's own "Hosting failed to start" would repeat it with a stack trace.
        // Refused control calls are logged by the control plane at a bounded rate; gRPC's own line per error status would
        // undo that bound.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical"),
                new("Logging:LogLevel:Grpc.AspNetCore.Server.ServerCallHandler", "Warning"),
            ],
        });

        var dns = SettingsBinder.Bind<DnsSettings>(builder.Configuration, DnsSettings.Section);
        var zones = SettingsBinder.Bind<ZoneSettings>(builder.Configuration, ZoneSettings.Section);
        SettingsValidator.Validate(dns, zones);
        builder.Services.AddSingleton(Options.Create(dns));
        builder.Services.AddSingleton(Options.Create(zones));

        var catalog = new ZoneCatalogSource(Options.Create(zones)).Load();
        builder.Services.AddSingleton<ZoneCatalogSource>();
        builder.Services.AddSingleton(new AnswerOptions
        {
            AddressTtl = (uint)zones.AddressTtl,
            AliasTtl = (uint)zones.AliasTtl,
            ChallengeTtl = (uint)zones.ChallengeTtl,
            MaxUdpSize = (ushort)dns.MaxUdpSize,
        });
        builder.Services.AddSingleton(services => new AnswerEngine(
            catalog,
            services.GetRequiredService<AnswerOptions>(),
            services.GetService<IChallengeReader>(),
            services.GetService<UpdateResponder>()));
        builder.Services.AddTransient<SynthesisPolicy>(services => services.GetRequiredService<AnswerEngine>().Policy);
        builder.Services.AddTransient<IStaticNames>(services => services.GetRequiredService<AnswerEngine>().Catalog);
        builder.Services.AddSingleton<DnsHostedService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DnsHostedService>());

        builder.Services.AddWildDnsControlPlane(builder.Configuration);
        builder.Services.AddWildDnsUpdates(builder.Configuration);
        builder.Services.AddWildDnsReflectionGuard(builder.Configuration, dns);
        builder.AddWildDnsOperations(dns);

        var app = builder.Build();
        app.MapWildDnsControlPlane();
        app.MapWildDnsOperations();
        app.Services.GetRequiredService<DnsHostedService>().Bind();
        return app;
    }
}
