using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using WildDns.Client;

namespace WildDns.Tests.Harness;

/// <summary>
/// The real <c>wilddns serve</c> as a child process: <c>dotnet wilddns.dll serve</c> on free loopback ports, with a data
/// directory of its own and the repository's zones, started and stopped by this harness only. A start returns once DNS
/// answers an SOA query for the zone and the control port accepts connections.
/// </summary>
/// <example>
/// <code>
/// await using var server = await ServerProcess.StartAsync();
/// using var client = server.CreateClient();
/// await client.PublishAsync("_acme-challenge.abc.cert.example.com", digest);
/// var values = await DnsProbe.TxtAsync(server.DnsEndpoint, "_acme-challenge.abc.cert.example.com");
/// await server.RestartAsync();    // same data directory and ports
/// </code>
/// </example>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The zone the shipped zone files serve; its SOA is the readiness probe.</summary>
    public const string Zone = "cert.example.com";

    /// <summary>The operations port when no setting moves it.</summary>
    public const int DefaultOpsPort = 5381;

    /// <summary>How long a start may take before it counts as failed.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly bool ownsDataDirectory;
    private readonly IReadOnlyList<string> extraArguments;
    private readonly IReadOnlyList<string> launcher;
    private readonly IReadOnlyDictionary<string, string?> environment;
    private readonly bool defaultOpsPort;
    private readonly List<string> previousOutput = [];
    private ChildProcess? process;

    private ServerProcess(
        string dataDirectory,
        bool ownsDataDirectory,
        IReadOnlyList<string> extraArguments,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyList<string> launcher,
        bool defaultOpsPort)
    {
        this.defaultOpsPort = defaultOpsPort;
        DataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
        this.extraArguments = extraArguments;
        this.launcher = launcher;
        this.environment = environment;
    }

    public int DnsPort { get; private set; }

    public int ControlPort { get; private set; }

    /// <summary>The operations port: <c>/metrics</c> and <c>/health/*</c> over plain HTTP/1.1.</summary>
    public int OpsPort { get; private set; }

    /// <summary>The operations port's address, as <c>wilddns health --url</c>, curl and Prometheus take it.</summary>
    public Uri OpsAddress => new($"http://127.0.0.1:{OpsPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Where DNS listens, UDP and TCP.</summary>
    public IPEndPoint DnsEndpoint => new(IPAddress.Loopback, DnsPort);

    /// <summary>The control plane's address, cleartext HTTP/2 on loopback, as <c>--server</c> takes it.</summary>
    public Uri ControlAddress => new($"http://127.0.0.1:{ControlPort.ToString(CultureInfo.InvariantCulture)}");

    public string DataDirectory { get; }

    /// <summary>The bearer token the server generated into <c>control.token</c> in its data directory.</summary>
    public string Token => File.ReadAllText(Path.Combine(DataDirectory, "control.token")).Trim();

    /// <summary>The running process's ID; throws when it is stopped.</summary>
    public int ProcessId => Running.Id;

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Standard output and error of every run so far (earlier runs first), for failure messages.</summary>
    public string Output => string.Concat(previousOutput) + (process?.Output ?? string.Empty);

    private ChildProcess Running => process is { HasExited: false } running ? running : throw new InvalidOperationException("the server is not running");

    /// <summary>
    /// Starts a server. <paramref name="dataDirectory"/>: an existing directory to use and keep (default: a fresh temporary
    /// one, deleted on dispose). <paramref name="extraArguments"/> go after the harness's own <c>serve</c> switches;
    /// <paramref name="environment"/> sets variables such as <c>WildDns__Challenges__Lifetime</c> for the child.
    /// <paramref name="launcher"/> is a command that execs the server in its own process, such as <c>nohup</c>.
    /// <paramref name="defaultOpsPort"/> leaves the operations port at its default, 5381, as a user who sets nothing has it.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null,
        IEnumerable<string>? extraArguments = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyList<string>? launcher = null,
        bool defaultOpsPort = false,
        CancellationToken cancellationToken = default)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("wilddns-e2e-").FullName;
        var server = new ServerProcess(dataDirectory, owns, [.. extraArguments ?? []], environment ?? new Dictionary<string, string?>(), launcher ?? [], defaultOpsPort);
        try
        {
            await server.LaunchAsync(keepPorts: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>Stops the server (SIGTERM, then a kill after a grace period); returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (process is null)
        {
            throw new InvalidOperationException("the server was never started");
        }

        await process.StopAsync(grace).ConfigureAwait(false);
        return process.ExitCode ?? -1;
    }

    /// <summary>Starts the server again on the same data directory, on the same ports where they are still free.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("the server is running; stop it first");
        }

        await LaunchAsync(keepPorts: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and starts it again on the same data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAgainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A control-plane client with the server's token; the caller disposes it.</summary>
    public ChallengeClient CreateClient() => new(ControlAddress, Token);

    /// <summary>
    /// Runs <c>wilddns challenge &lt;arguments&gt;</c> as its own process against this server (<c>--server</c> and
    /// <c>--data</c> appended, so the CLI reads the token as on the server's machine), to its end within 60 s.
    /// </summary>
    public Task<ChildProcess> RunChallengeCommandAsync(params string[] arguments) =>
        ChildProcess.RunAsync(
            RepositoryLayout.DotnetHost,
            [RepositoryLayout.WildDnsDll, "challenge", .. arguments, "--server", ControlAddress.ToString(), "--data", DataDirectory],
            TimeSpan.FromSeconds(60),
            workingDirectory: DataDirectory);

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    public override string ToString() => $"wilddns serve (DNS 127.0.0.1:{DnsPort}, control {ControlAddress}, operations {OpsAddress}, data {DataDirectory})";

    private async Task LaunchAsync(bool keepPorts, CancellationToken cancellationToken)
    {
        // A port found free can be taken by another process before the child binds it; a few fresh tries cover that.
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            if (!keepPorts || attempt > 1 || DnsPort == 0)
            {
                var ports = FreePorts.Distinct(3);
                (DnsPort, ControlPort, OpsPort) = (ports[0], ports[1], defaultOpsPort ? DefaultOpsPort : ports[2]);
            }

            if (process is not null)
            {
                previousOutput.Add(process.Output);
                await process.DisposeAsync().ConfigureAwait(false);
            }

            var command = ServeCommand(launcher, DnsPort, ControlPort, defaultOpsPort ? null : OpsPort, DataDirectory, extraArguments);
            process = ChildProcess.Start(command[0], command[1..], environment, workingDirectory: DataDirectory);

            if (await WaitUntilReadyAsync(process, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (!process.HasExited || attempt == Attempts)
            {
                await process.StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"{this} did not become ready within {StartTimeout.TotalSeconds:0} s (attempt {attempt}, exit code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}); output:\n{Output}");
            }
        }
    }

    /// <summary>
    /// Runs <c>wilddns serve</c> on free ports with <paramref name="dataDirectory"/> for a start that is expected to fail,
    /// to its exit within 60 s (a start that does not end throws <see cref="TimeoutException"/>). The working directory is
    /// the data directory's parent, which need not exist beyond that.
    /// </summary>
    public static Task<ChildProcess> RunToExitAsync(
        string dataDirectory, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var ports = FreePorts.Distinct(3);
        var command = ServeCommand([], ports[0], ports[1], ports[2], dataDirectory, [.. extraArguments ?? []]);
        return ChildProcess.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(60), environment, Path.GetTempPath());
    }

    private static string[] ServeCommand(
        IReadOnlyList<string> launcher, int dnsPort, int controlPort, int? opsPort, string dataDirectory, IReadOnlyList<string> extraArguments) =>
    [
        .. launcher,
        RepositoryLayout.DotnetHost, RepositoryLayout.WildDnsDll, "serve",
        "--dns-port", dnsPort.ToString(CultureInfo.InvariantCulture),
        "--listen", "127.0.0.1",
        "--control-port", controlPort.ToString(CultureInfo.InvariantCulture),
        .. (opsPort is { } ops ? ["--ops-port", ops.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()),
        "--data", dataDirectory,
        "--zones", RepositoryLayout.ZonesDirectory,
        .. extraArguments,
    ];

    /// <summary>True once DNS and the control port answer; false when the process exited first (e.g. a port was taken).</summary>
    private async Task<bool> WaitUntilReadyAsync(ChildProcess child, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            var dnsReady = false;
            while (!child.HasExited)
            {
                dnsReady = dnsReady || await DnsAnswersAsync(deadline.Token).ConfigureAwait(false);
                if (dnsReady && await ControlAcceptsAsync(deadline.Token).ConfigureAwait(false))
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await child.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return false;
    }

    private async Task<bool> DnsAnswersAsync(CancellationToken cancellationToken)
    {
        var response = await DnsProbe.TryQueryAsync(DnsEndpoint, Zone, RecordType.Soa, cancellationToken).ConfigureAwait(false);
        return response is { ReturnCode: ReturnCode.NoError } && response.AnswerRecords.OfType<SoaRecord>().Any();
    }

    private async Task<bool> ControlAcceptsAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ControlPort), attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
