using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
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
    /// Builds the host with <paramref name="switches"/> over appsettings.json and the environment; throws
    /// <see cref="ConfigurationError"/> or <see cref="InvalidDataException"/> on bad settings, and writes a line to
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
        builder.Services.AddSingleton<DnsHostedService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DnsHostedService>());

        builder.Services.AddWildDnsControlPlane(builder.Configuration);
        builder.Services.AddWildDnsUpdates(builder.Configuration);
        builder.AddWildDnsOperations(dns);

        var app = builder.Build();
        app.MapWildDnsControlPlane();
        app.MapWildDnsOperations();
        return app;
    }
}
