using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Configuration;
using WildDns.Control.Challenges;
using WildDns.Core.Challenges;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;

namespace WildDns.Hosting;

/// <summary>Composes RFC 2136 UPDATE with TSIG: the configured keys, and the challenge store as the updates' writer.</summary>
public static class UpdateComposition
{
    /// <summary>
    /// Registers the <see cref="TsigKeyRing"/> from <c>WildDns:Tsig</c> (read now, so a bad key stops the start with
    /// <see cref="ConfigurationError"/>), the <see cref="ChallengeStore"/> as <see cref="IChallengeWriter"/>, and the
    /// <see cref="UpdateResponder"/> that the answer engine hands UPDATE and signed messages to.
    /// </summary>
    public static IServiceCollection AddWildDnsUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = TsigKeySettings.Load(configuration);
        services.AddSingleton(keys);
        services.AddSingleton<IChallengeWriter>(provider => provider.GetRequiredService<ChallengeStore>());
        services.AddSingleton(provider => new UpdateResponder(
            keys,
            provider.GetRequiredService<IChallengeReader>(),
            provider.GetRequiredService<IChallengeWriter>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
