using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WildDns.Tests.Harness;

/// <summary>
/// <c>wilddns registrar serve</c> as a child process on free loopback ports, ordering from a <see cref="PebbleServer"/>
/// and publishing through a <see cref="ServerProcess"/>'s control plane. Keeps its data directory across restarts;
/// removes it on dispose.
/// </summary>
public sealed class RegistrarProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string[] arguments;
    private ChildProcess? process;
    private readonly List<string> previousOutput = [];

    private RegistrarProcess(string dataDirectory, string[] arguments, int estPort, int adminPort, int opsPort)
    {
        DataDirectory = dataDirectory;
        this.arguments = arguments;
        EstPort = estPort;
        AdminPort = adminPort;
        OpsPort = opsPort;
    }

    public string DataDirectory { get; }

    public int EstPort { get; }

    public int AdminPort { get; }

    /// <summary>The operations port: <c>/metrics</c> and <c>/health/*</c> over plain HTTP/1.1.</summary>
    public int OpsPort { get; }

    public Uri OpsAddress => new($"http://127.0.0.1:{OpsPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The EST base URL, under the name the generated certificate carries.</summary>
    public Uri EstUrl => new($"https://localhost:{EstPort.ToString(CultureInfo.InvariantCulture)}/.well-known/est");

    public Uri AdminUrl => new($"http://127.0.0.1:{AdminPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The generated, self-signed EST certificate (PEM), for curl's <c>--cacert</c>.</summary>
    public string EstCertificatePath => Path.Combine(DataDirectory, "est.crt");

    public int ProcessId => process?.Id ?? throw new InvalidOperationException("the registrar is not running");

    public string Output => string.Concat(previousOutput) + (process?.Output ?? string.Empty);

    /// <summary>Starts a registrar for zone <c>cert.example.com</c>; <paramref name="caCertificates"/> is pebble's root, named in cacerts.</summary>
    public static async Task<RegistrarProcess> StartAsync(ServerProcess nameserver, PebbleServer pebble, string caCertificates, IEnumerable<string>? extraArguments = null)
    {
        var ports = FreePorts.Distinct(3);
        var dataDirectory = Directory.CreateTempSubdirectory("wilddns-registrar-").FullName;
        string[] arguments =
        [
            "registrar", "serve",
            "--data", dataDirectory,
            "--zone", ServerProcess.Zone,
            "--est-port", ports[0].ToString(CultureInfo.InvariantCulture),
            "--admin-port", ports[1].ToString(CultureInfo.InvariantCulture),
            "--ops-port", ports[2].ToString(CultureInfo.InvariantCulture),
            "--acme-directory", pebble.DirectoryUrl.ToString(),
            "--acme-ca-file", pebble.TlsCertificatePath,
            "--ca-certs", caCertificates,
            "--control", nameserver.ControlAddress.ToString(),
            "--control-token-file", Path.Combine(nameserver.DataDirectory, "control.token"),
            "--nameserver", nameserver.DnsEndpoint.ToString(),
            "--WildDns:Registrar:Est:Listen", "127.0.0.1",
            "--WildDns:Registrar:RetryAfter", "00:00:01",
            .. extraArguments ?? [],
        ];
        var registrar = new RegistrarProcess(dataDirectory, arguments, ports[0], ports[1], ports[2]);
        try
        {
            await registrar.StartAgainAsync().ConfigureAwait(false);
        }
        catch
        {
            await registrar.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return registrar;
    }

    /// <summary>Starts (again) on the same data directory and ports, and waits until its listeners accept.</summary>
    public async Task StartAgainAsync()
    {
        if (process is not null)
        {
            previousOutput.Add(process.Output);
            await process.DisposeAsync().ConfigureAwait(false);
        }

        process = ChildProcess.Start(RepositoryLayout.DotnetHost, [RepositoryLayout.WildDnsDll, .. arguments], workingDirectory: DataDirectory);
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (!process.HasExited && !deadline.IsCancellationRequested)
        {
            if (await AcceptsAsync(EstPort, deadline.Token).ConfigureAwait(false) && await AcceptsAsync(AdminPort, deadline.Token).ConfigureAwait(false)
                && await AcceptsAsync(OpsPort, deadline.Token).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        await process.StopAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"the registrar did not start within {StartTimeout.TotalSeconds:0} s; output:\n{Output}");
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        var running = process ?? throw new InvalidOperationException("the registrar is not running");
        System.Diagnostics.Process.GetProcessById(running.Id).Kill();
        await running.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Runs <c>wilddns registrar &lt;verb&gt; ...</c> against this registrar, to its end within 60 s.</summary>
    public Task<ChildProcess> RunAsync(params string[] verbAndArguments) =>
        ChildProcess.RunAsync(
            RepositoryLayout.DotnetHost,
            [RepositoryLayout.WildDnsDll, "registrar", .. verbAndArguments, "--server", AdminUrl.ToString(), "--data", DataDirectory],
            TimeSpan.FromSeconds(60),
            workingDirectory: DataDirectory);

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
