using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Dns.Answers;
using WildDns.Telemetry;

namespace WildDns.Hosting;

/// <summary>
/// Reads the zone directory again on SIGHUP and, unless <c>WildDns:Zones:Watch</c> is false, when a file in it changes
/// (after <c>WildDns:Zones:ReloadDelayMilliseconds</c> of quiet). The new catalog replaces the served one only when every
/// file loads; otherwise the old zones keep answering and the log says what was wrong.
/// </summary>
public sealed partial class ZoneReloader : IHostedService, IDisposable
{
    private readonly AnswerEngine engine;
    private readonly ZoneCatalogSource source;
    private readonly ZoneReloadSettings settings;
    private readonly ILogger<ZoneReloader> logger;
    private long succeeded;
    private long failed;
    private readonly Lock gate = new();
    private readonly ITimer debounce;
    private FileSystemWatcher? watcher;
    private PosixSignalRegistration? hangup;

    public ZoneReloader(
        AnswerEngine engine,
        ZoneCatalogSource source,
        IOptions<ZoneReloadSettings> settings,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<ZoneReloader> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(time);
        this.engine = engine;
        this.source = source;
        this.settings = settings.Value;
        this.logger = logger;
        // Observed, so that both outcomes read 0 from the start instead of appearing with the first reload.
        meterFactory.Create(DnsMetrics.MeterName).CreateObservableCounter(
            "wilddns.zones.reloads",
            () => (Measurement<long>[])
            [
                new(Volatile.Read(ref succeeded), new KeyValuePair<string, object?>("outcome", "success")),
                new(Volatile.Read(ref failed), new KeyValuePair<string, object?>("outcome", "failure")),
            ],
            "{reload}",
            "Zone directory reloads, by outcome (success, failure).");
        debounce = time.CreateTimer(_ => Reload("the zone directory changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            // A process started under nohup inherits SIGHUP ignored, and .NET then never reports it. Handling it
            // keeps nohup's promise (a hangup does not end the process), so take it back to the default first.
            signal(SignalHangup, SignalDefault);

            // Handling SIGHUP also stops its default action, which would end the process.
            hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                ThreadPool.QueueUserWorkItem(_ => Reload("SIGHUP"));
            });
        }

        if (settings.Watch)
        {
            watcher = new FileSystemWatcher(source.Directory, "*" + Dns.Zones.ZoneFileLoader.Extension)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnDirectoryChanged;
            watcher.Created += OnDirectoryChanged;
            watcher.Deleted += OnDirectoryChanged;
            watcher.Renamed += OnDirectoryChanged;
            watcher.Error += (_, e) => LogWatchError(e.GetException());
            watcher.EnableRaisingEvents = true;
        }

        LogWatching(source.Directory, settings.Watch);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Loads the zone directory and serves it; false (and the old zones still served) when it does not load.</summary>
    public bool Reload(string reason)
    {
        lock (gate)
        {
            try
            {
                var catalog = source.Load();
                engine.Catalog = catalog;
                Interlocked.Increment(ref succeeded);
                LogReloaded(reason, string.Join(", ", catalog.Summaries));
                return true;
            }
            catch (Exception e) when (e is InvalidDataException or ConfigurationError or IOException or UnauthorizedAccessException or FormatException)
            {
                Interlocked.Increment(ref failed);
                LogReloadFailed(reason, e.Message);
                return false;
            }
        }
    }

    public void Dispose()
    {
        hangup?.Dispose();
        hangup = null;
        watcher?.Dispose();
        watcher = null;
        debounce.Dispose();
    }

    private void OnDirectoryChanged(object sender, FileSystemEventArgs e) =>
        debounce.Change(TimeSpan.FromMilliseconds(settings.ReloadDelayMilliseconds), Timeout.InfiniteTimeSpan);

    private const int SignalHangup = 1;
    private static readonly nint SignalDefault = 0;

    [DllImport("libc")]
    private static extern nint signal(int signal, nint handler);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Reloaded the zones ({Reason}): {Zones}")]
    private partial void LogReloaded(string reason, string zones);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Kept the zones being served: the reload ({Reason}) failed: {Problem}")]
    private partial void LogReloadFailed(string reason, string problem);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Zones reload on SIGHUP from {Directory}; on file change: {Watch}")]
    private partial void LogWatching(string directory, bool watch);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Watching the zone directory failed; SIGHUP still reloads")]
    private partial void LogWatchError(Exception exception);
}
