using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Control.Authentication;
using WildDns.Control.Challenges;

namespace WildDns.Control.Hosting;

/// <summary>
/// Brings the control plane's state up before Kestrel opens its listeners (hosted services start first): the store
/// loads its archive and arms its sweep, and a generated token is on disk before any client looks for it. Says loudly
/// when the control plane was allowed to take tokens in clear text beyond loopback.
/// </summary>
internal sealed class ControlPlaneStartup(
    ChallengeStore store, ControlAuthenticator authenticator, IOptions<ControlPlaneOptions> options, ILogger<ControlPlaneStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The work is done: resolving this service constructed both, and constructing them is what had to happen first.
        _ = store;
        _ = authenticator;
        var settings = options.Value;
        if (!settings.ListensOnLoopbackOnly && string.IsNullOrWhiteSpace(settings.Certificate))
        {
            logger.LogWarning(
                "INSECURE: the control plane listens on {Listen} without TLS ({Key} is true): its bearer tokens cross the network in clear text, "
                + "and anyone who reads one can publish challenges and obtain certificates. Set {Section}:Certificate, or listen on loopback only.",
                settings.Listen, $"{ControlPlaneOptions.SectionName}:{nameof(ControlPlaneOptions.AllowCleartext)}", ControlPlaneOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
