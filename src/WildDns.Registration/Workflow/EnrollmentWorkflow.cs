using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WildDns.Registration.Authority;
using WildDns.Registration.Hosting;
using WildDns.Registration.Registry;

namespace WildDns.Registration.Workflow;

/// <summary>
/// Drives accepted enrollments through the CA in the background: accepted → ordering → issued or failed, each step
/// stored before the next, so a restart resumes every open enrollment where it stood.
/// At most <see cref="RegistrarSettings.OrdersInFlight"/> enrollments are ordering at once; the rest wait accepted, in
/// the order they came. One enrollment is one request, and the CA sees one enrollment id per request however often the
/// device repeats it. Every step to ordering is a claim in the registry, renewed while the CA works, so registrars
/// sharing a registry order each enrollment once; each also polls the registry for open enrollments, so it picks up
/// those another registrar accepted, and takes over those whose registrar stopped once their claim lapsed.
/// </summary>
public sealed partial class EnrollmentWorkflow : BackgroundService
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);

    private readonly IDeviceRegistry registry;
    private readonly ICertificateAuthority authority;
    private readonly TimeProvider time;
    private readonly ILogger<EnrollmentWorkflow> logger;
    private readonly EnrollmentMetrics metrics;
    private readonly SemaphoreSlim slots;
    private readonly RegistryStoreSettings store;

    // Names this process in the registry's claims; a restart is a new owner, so it waits for its old claims to lapse.
    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Channel<long> queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, Task> running = new();
    private readonly ConcurrentDictionary<long, byte> known = new();
    private CancellationToken stopping = new(canceled: true);

    public EnrollmentWorkflow(
        IDeviceRegistry registry, ICertificateAuthority authority, RegistrarSettings settings, TimeProvider time, EnrollmentMetrics metrics, ILogger<EnrollmentWorkflow> logger)
    {
        this.metrics = metrics;
        metrics.Observe(() => running.Count);
        this.registry = registry;
        this.authority = authority;
        this.time = time;
        this.logger = logger;
        slots = new SemaphoreSlim(settings.OrdersInFlight, settings.OrdersInFlight);
        store = settings.Store;
    }

    /// <summary>Enrollments the CA is working on right now.</summary>
    public int InFlight => running.Count;

    /// <summary>
    /// Records <paramref name="candidate"/> durably and queues it for the CA, or returns the stored enrollment for the same
    /// request unchanged (then nothing new is queued). The returned enrollment is on disk.
    /// </summary>
    public async Task<Enrollment> SubmitAsync(Enrollment candidate, CancellationToken cancellationToken)
    {
        var (stored, added) = await registry.AddEnrollmentAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (stored.IsOpen)
        {
            Enqueue(stored.Id);
        }

        if (added)
        {
            metrics.Accepted();
        }

        return stored;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Each drive stops at its next await; what it had stored stays, and the next start resumes from there.
        await Task.WhenAll(running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        LogResumed(logger, await FindOpenAsync(stoppingToken).ConfigureAwait(false));
        var polling = PollAsync(stoppingToken);
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                Start(id, holdsSlot: true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: queued enrollments stay accepted in the registry.
        }

        await polling.ConfigureAwait(false);
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 16))));

    /// <summary>Queues every open enrollment not driven here yet; returns how many were new.</summary>
    private async Task<int> FindOpenAsync(CancellationToken token)
    {
        var found = 0;
        foreach (var open in await registry.ListOpenEnrollmentsAsync(token).ConfigureAwait(false))
        {
            if (open.State == EnrollmentState.Ordering && known.TryAdd(open.Id, 0))
            {
                // It holds an order already: resume it at once, in a slot if one is free, so the cap does not strand it.
                Start(open.Id, holdsSlot: slots.Wait(0));
                found++;
            }
            else if (Enqueue(open.Id))
            {
                found++;
            }
        }

        return found;
    }

    private async Task PollAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(store.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await FindOpenAsync(token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The registry is unreachable for now; the next tick asks again.
                    LogPollFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Renews the claim on <paramref name="id"/> until <paramref name="token"/> ends; cancels <paramref name="lost"/> if the claim is lost.</summary>
    private async Task KeepClaimAsync(long id, CancellationTokenSource lost, CancellationToken token)
    {
        using var timer = new PeriodicTimer(store.ClaimLease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                bool held;
                try
                {
                    held = await registry.RenewClaimAsync(id, owner, store.ClaimLease, token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Not renewed this time; the lease is three renewals long, so one miss loses nothing.
                    LogRenewFailed(logger, exception, id);
                    continue;
                }

                if (!held)
                {
                    LogClaimLost(logger, id);
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The drive ended.
        }
    }

    private bool Enqueue(long id)
    {
        if (!known.TryAdd(id, 0))
        {
            return false;
        }

        queue.Writer.TryWrite(id);
        return true;
    }

    private void Start(long id, bool holdsSlot) => running[id] = Task.Run(() => DriveAsync(id, holdsSlot));

    private async Task DriveAsync(long id, bool holdsSlot)
    {
        using var drive = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var token = drive.Token;
        var keeping = Task.CompletedTask;
        try
        {
            // Stored as ordering before the CA is asked: from here on a restart resumes this enrollment before any
            // accepted one. Null: it ended, or another registrar holds it.
            if (await registry.TryClaimEnrollmentAsync(id, owner, store.ClaimLease, token).ConfigureAwait(false) is null)
            {
                return;
            }

            keeping = KeepClaimAsync(id, drive, token);
            var failures = 0;
            while (!token.IsCancellationRequested)
            {
                var enrollment = await registry.GetEnrollmentAsync(id, token).ConfigureAwait(false);
                if (enrollment is null || !enrollment.IsOpen)
                {
                    return;
                }

                var wait = enrollment.NextAttemptAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait.Value, time, token).ConfigureAwait(false);
                }

                CaResult result;
                try
                {
                    result = await authority.EnrollAsync(
                        new CaRequest(id, enrollment.CertId.Value, enrollment.Csr, enrollment.Names, enrollment.Replaces, enrollment.CaReference), token)
                        .ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    failures++;
                    var backoff = Backoff(failures);
                    LogCaFailed(logger, exception, id, enrollment.CertId.Value, backoff.TotalSeconds);
                    await registry.UpdateEnrollmentAsync(enrollment with { NextAttemptAt = time.GetUtcNow() + backoff }, token).ConfigureAwait(false);
                    continue;
                }

                if (await RecordAsync(enrollment, result, token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping, or the claim was lost to another registrar; the enrollment resumes from its stored state.
        }
        catch (Exception exception)
        {
            // The registry failed; the enrollment keeps its last stored state and resumes at the next start.
            LogDriveFailed(logger, exception, id);
        }
        finally
        {
            await drive.CancelAsync().ConfigureAwait(false);
            await keeping.ConfigureAwait(false);
            if (holdsSlot)
            {
                slots.Release();
            }

            running.TryRemove(id, out _);
            known.TryRemove(id, out _);
        }
    }

    /// <summary>Stores what the CA answered; true when the enrollment has ended.</summary>
    private async Task<bool> RecordAsync(Enrollment enrollment, CaResult result, CancellationToken token)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case CaOutcome.Pending:
                await registry.UpdateEnrollmentAsync(
                    enrollment with { CaReference = result.Reference ?? enrollment.CaReference, NextAttemptAt = now + result.RetryAfter }, token).ConfigureAwait(false);
                return false;

            case CaOutcome.Issued:
                var leaf = result.Chain[0];
                var issued = enrollment with
                {
                    State = EnrollmentState.Issued,
                    Chain = result.Chain.Select(certificate => certificate.RawData).ToArray(),
                    NextAttemptAt = null,
                    CompletedAt = now,
                };
                var fingerprint = CertificateFingerprint.Of(leaf);
                await registry.CompleteEnrollmentAsync(
                    issued,
                    new DeviceCertificate(enrollment.CertId, enrollment.Label, fingerprint, leaf.SerialNumber, leaf.NotAfter.ToUniversalTime(), now, enrollment.Id, leaf.RawData),
                    token).ConfigureAwait(false);
                metrics.Issued(now - enrollment.AcceptedAt);
                LogIssued(logger, enrollment.Id, enrollment.CertId.Value, fingerprint, (now - enrollment.AcceptedAt).TotalSeconds);
                return true;

            default:
                await registry.UpdateEnrollmentAsync(
                    enrollment with { State = EnrollmentState.Failed, Failure = result.Reason, NextAttemptAt = null, CompletedAt = now }, token).ConfigureAwait(false);
                metrics.Failed();
                LogRefused(logger, enrollment.Id, enrollment.CertId.Value, result.Reason ?? string.Empty);
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment workflow started with {Open} open enrollments")]
    private static partial void LogResumed(ILogger logger, int open);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA failed on enrollment {Enrollment} for {CertId}; asking again in {Seconds} s")]
    private static partial void LogCaFailed(ILogger logger, Exception exception, long enrollment, string certId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Enrollment {Enrollment} stopped on a registry failure; it resumes at the next start")]
    private static partial void LogDriveFailed(ILogger logger, Exception exception, long enrollment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for open enrollments in the registry; asking again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the claim on enrollment {Enrollment}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, long enrollment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The claim on enrollment {Enrollment} lapsed and another registrar took it over; leaving it to that one")]
    private static partial void LogClaimLost(ILogger logger, long enrollment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment {Enrollment} for {CertId} issued, sha256 {Fingerprint}, {Seconds:0.0} s after it was accepted")]
    private static partial void LogIssued(ILogger logger, long enrollment, string certId, string fingerprint, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment {Enrollment} for {CertId} refused by the CA: {Reason}")]
    private static partial void LogRefused(ILogger logger, long enrollment, string certId, string reason);
}
