using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Control.Authentication;
using WildDns.Control.Challenges;
using WildDns.Control.Service;
using WildDns.Core.Challenges;
using WildDns.Core.Synthesis;

namespace WildDns.Control.Hosting;

/// <summary>Registers the control plane in a web host: <c>builder.Services.AddWildDnsControlPlane(builder.Configuration)</c>.</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>The meter of the control plane's instruments.</summary>
    public const string MeterName = ControlCallGuard.MeterName;

    /// <summary>Largest request accepted: a name and a value are a few hundred bytes; anything bigger is not ours.</summary>
    private const int MaxRequestBytes = 16 * 1024;

    /// <summary>
    /// Registers options (validated at start, messages name the key), <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered, the <see cref="ChallengeStore"/> on PostgreSQL shared with other replicas
    /// when <c>WildDns:Store:ConnectionString</c> is set, else on a <see cref="SqliteChallengeArchive"/> in
    /// <c>WildDns:DataDirectory</c> unless an <see cref="IChallengeArchive"/> is registered, the store as
    /// <see cref="IChallengeReader"/>, the authenticated gRPC service and the Kestrel control listener
    /// (<c>WildDns:Control:Listen</c>, <c>WildDns:Control:Port</c>). The host registers the
    /// <see cref="Core.Synthesis.SynthesisPolicy"/> of its zones. Map the service with
    /// <see cref="ControlPlaneEndpointRouteBuilderExtensions.MapWildDnsControlPlane"/>.
    /// </summary>
    /// <remarks>
    /// The listener is added with <c>KestrelServerOptions.Listen</c>; Kestrel then ignores URLs given through
    /// <c>ASPNETCORE_URLS</c> or <c>UseUrls</c>, so the host adds its other listeners (metrics, health) with <c>Listen</c> too.
    /// </remarks>
    public static IServiceCollection AddWildDnsControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(ControlPlaneOptions.SectionName);
        services.AddOptions<ControlPlaneOptions>()
            .Bind(section)
            .Configure(options => options.ReadBeyondSection(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>();
        services.AddOptions<ChallengeOptions>()
            .Bind(configuration.GetSection(ChallengeOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChallengeOptions>, ChallengeOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddWildDnsSharedStore(configuration);
        services.TryAddSingleton<IChallengeArchive>(provider =>
            new SqliteChallengeArchive(
                provider.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.DataDirectory,
                provider.GetRequiredService<ILogger<SqliteChallengeArchive>>()));
        services.AddSingleton(provider => new ChallengeStore(
            provider.GetRequiredService<IChallengeArchive>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<ChallengeOptions>>().Value,
            provider.GetRequiredService<ILogger<ChallengeStore>>()));
        services.AddSingleton<IChallengeReader>(provider => provider.GetRequiredService<ChallengeStore>());

        services.TryAddSingleton<IStaticNames>(NoStaticNames.Instance);
        services.AddSingleton<ControlAuthenticator>();
        services.AddSingleton<ControlCallGuard>();
        services.AddHostedService<ControlPlaneStartup>();
        services.AddGrpc().AddServiceOptions<ChallengeControlService>(options =>
        {
            options.Interceptors.Add<ControlCallGuard>();
            options.Interceptors.Add<StoreErrorInterceptor>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
        });
        services.AddTransient<IConfigureOptions<KestrelServerOptions>, ControlListenerSetup>();
        return services;
    }
}
