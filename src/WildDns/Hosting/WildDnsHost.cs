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
    /// <summary>Builds the host from <c>serve</c> switches; throws <see cref="ConfigurationError"/> or <see cref="InvalidDataException"/> on bad settings.</summary>
    public static WebApplication Build(IReadOnlyList<string> args)
    {
        var switches = CommandLineSwitches.Parse(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(switches);

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
        builder.Services.AddWildDnsReflectionGuard(builder.Configuration, dns);
        builder.AddWildDnsOperations(dns);

        var app = builder.Build();
        app.MapWildDnsControlPlane();
        app.MapWildDnsOperations();
        return app;
    }
}
