using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Control.Challenges;
using WildDns.Control.Replicas;

namespace WildDns.Control.Hosting;

/// <summary>Registers the PostgreSQL store that replicas share, when <c>WildDns:Store:ConnectionString</c> is set.</summary>
internal static class SharedStoreServiceCollectionExtensions
{
    /// <summary>The DNS port key, part of the default replica id.</summary>
    private const string DnsPortKey = "WildDns:Dns:Port";

    /// <summary>
    /// Binds <see cref="StoreOptions"/> (validated at start). With a connection string it registers the
    /// <see cref="PostgresChallengeArchive"/> as the <see cref="IChallengeArchive"/>, the <see cref="ReplicaRegistry"/>, and the
    /// hosted services that keep the replica's memory and its report up to date; without one it registers nothing more.
    /// </summary>
    public static IServiceCollection AddWildDnsSharedStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ReplicaId))
                {
                    var port = int.TryParse(configuration[DnsPortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var configured) ? configured : 53;
                    options.ReplicaId = $"{Environment.MachineName}:{port.ToString(CultureInfo.InvariantCulture)}";
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        if (string.IsNullOrWhiteSpace(configuration[StoreOptions.ConnectionStringKey]))
        {
            return services;
        }

        services.AddSingleton(provider => provider.GetRequiredService<IOptions<StoreOptions>>().Value);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<StoreOptions>();
            return new PostgresStore(options, options.ReplicaId!, provider.GetRequiredService<ILogger<PostgresStore>>());
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<StoreOptions>();
            return new ReplicaRegistry(provider.GetRequiredService<PostgresStore>(), options, options.ReplicaId!, provider.GetRequiredService<ILogger<ReplicaRegistry>>());
        });
        services.AddSingleton<IChallengeArchive>(provider =>
            new PostgresChallengeArchive(provider.GetRequiredService<PostgresStore>(), provider.GetRequiredService<ReplicaRegistry>()));
        services.AddHostedService<ChangeFeed>();
        services.AddHostedService<ReplicaHeartbeat>();
        return services;
    }
}
