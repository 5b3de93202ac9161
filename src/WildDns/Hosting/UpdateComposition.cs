using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WildDns.Configuration;
using WildDns.Control.Challenges;
using WildDns.Control.Service;
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
        services.AddSingleton(provider =>
        {
            var responder = new UpdateResponder(
                keys,
                provider.GetRequiredService<IChallengeReader>(),
                provider.GetRequiredService<IChallengeWriter>(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System);

            // The same audit line as a control-plane change: never the value itself, which authorises a certificate.
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UpdateResponder));
            responder.Changed += change => logger.LogInformation(
                "Control change: {Action} {Name} value {ValueDigest}, by RFC 2136 UPDATE with TSIG key {KeyName}",
                change.Action, change.Name, ValueDigest.Of(change.Value), change.KeyName);
            return responder;
        });
        return services;
    }
}
