using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WildDns.Control.Challenges;

namespace WildDns.Control.Replicas;

/// <summary>
/// Keeps this replica's memory in step with the shared store: one connection that LISTENs for changes (read at once)
/// and for other replicas' reports (which wake waiting publishes), and a full read every <see cref="StoreOptions.Resync"/>
/// in case a notification was lost. When the connection breaks the replica keeps serving what it has and reconnects every
/// second; on reconnecting it reads everything first, so it catches up with whatever changed meanwhile.
/// </summary>
internal sealed class ChangeFeed(
    ChallengeStore challenges, PostgresStore store, ReplicaRegistry replicas, StoreOptions options, ILogger<ChangeFeed> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private long announced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (PostgresStore.IsOutage(exception) || exception is Core.Challenges.ChallengeStoreUnavailableException)
            {
                store.Failed(exception);
                store.DataSource.Clear();
            }

            try
            {
                await Task.Delay(ReconnectDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += OnNotification;
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChallengeArchive.Channel}; LISTEN {ReplicaRegistry.Channel};", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }

        // Listening first, then reading: a change committed in between is both read and announced, never missed. Then
        // reporting at once rather than at the next heartbeat: after an outage longer than WildDns:Store:ReplicaTimeout
        // this replica no longer counts as live, and publishes would not wait for it until it reports.
        Resync("connected");
        replicas.Report(challenges.Serial);
        replicas.Signal();
        var nextResync = DateTime.UtcNow + options.Resync;
        while (true)
        {
            // The wait ends at a notification or after a heartbeat; a quiet connection is then checked with a query,
            // so that a database gone silent (not just one that closed the connection) is noticed within a heartbeat.
            if (!await connection.WaitAsync(options.Heartbeat, stoppingToken).ConfigureAwait(false))
            {
                await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                await ping.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
                store.Reached();
            }

            if (Interlocked.Exchange(ref announced, 0) > challenges.Serial)
            {
                Resync("notified");
            }

            if (DateTime.UtcNow >= nextResync)
            {
                Resync("periodic");
                nextResync = DateTime.UtcNow + options.Resync;
            }
        }
    }

    /// <summary>Runs inside <see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/>: notes what arrived, reads nothing.</summary>
    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (notification.Channel == ReplicaRegistry.Channel)
        {
            replicas.Signal();
            return;
        }

        // The payload is the change's serial; one that is not a number still means "something changed".
        var serial = long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : long.MaxValue;
        long seen;
        do
        {
            seen = Interlocked.Read(ref announced);
        }
        while (serial > seen && Interlocked.CompareExchange(ref announced, serial, seen) != seen);
    }

    private void Resync(string reason)
    {
        var before = challenges.Serial;
        if (challenges.Resync())
        {
            logger.LogDebug("Read the challenge store ({Reason}): serial {Before} → {After}", reason, before, challenges.Serial);
        }
    }
}
