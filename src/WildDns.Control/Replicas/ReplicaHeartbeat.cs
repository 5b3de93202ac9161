using Microsoft.Extensions.Hosting;
using WildDns.Control.Challenges;

namespace WildDns.Control.Replicas;

/// <summary>
/// Registers this replica when the server starts, reports its serial as soon as it serves a new one and at least every
/// <see cref="StoreOptions.Heartbeat"/>, and leaves the set of replicas when the server stops cleanly.
/// </summary>
internal sealed class ReplicaHeartbeat(ChallengeStore challenges, ReplicaRegistry replicas, StoreOptions options) : BackgroundService
{
    private readonly SemaphoreSlim changed = new(0);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The store has loaded (resolving it did); from now on publishes on other replicas wait for this one.
        challenges.Changed += OnChanged;
        replicas.Register(challenges.Serial);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        challenges.Changed -= OnChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            replicas.Leave();
        }
        catch (Core.Challenges.ChallengeStoreUnavailableException)
        {
            // The others stop waiting for this replica after WildDns:Store:ReplicaTimeout instead.
        }
    }

    public override void Dispose()
    {
        changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await changed.WaitAsync(options.Heartbeat, stoppingToken).ConfigureAwait(false);

                // Several changes since the last report need one report, of the latest serial.
                while (changed.Wait(0))
                {
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                replicas.Report(challenges.Serial);
            }
            catch (Core.Challenges.ChallengeStoreUnavailableException)
            {
                // Logged once by the store; the next beat tries again, and the others count this replica out meanwhile.
            }
        }
    }

    /// <summary>Raised under the store's lock: only wakes the loop.</summary>
    private void OnChanged(ChallengeChange change) => changed.Release();
}
