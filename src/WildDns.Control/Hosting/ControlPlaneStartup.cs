using Microsoft.Extensions.Hosting;
using WildDns.Control.Authentication;
using WildDns.Control.Challenges;

namespace WildDns.Control.Hosting;

/// <summary>
/// Brings the control plane's state up before Kestrel opens its listeners (hosted services start first): the store
/// loads its archive and arms its sweep, and a generated token is on disk before any client looks for it.
/// </summary>
internal sealed class ControlPlaneStartup(ChallengeStore store, ControlAuthenticator authenticator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The work is done: resolving this service constructed both, and constructing them is what had to happen first.
        _ = store;
        _ = authenticator;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
