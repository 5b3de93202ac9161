using System.Diagnostics;
using System.Globalization;

namespace WildDns.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for one test fixture: <c>initdb</c> in a temporary directory, the server on a free
/// loopback port as a child process, stopped by its PID (fast shutdown), the directory deleted at the end. Run as the
/// <c>postgres</c> user when the tests run as root (as CI does), since PostgreSQL refuses to run as root.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await PostgresCluster.StartAsync();
/// await cluster.SqlAsync("CREATE ROLE app LOGIN;");
/// var connectionString = cluster.ConnectionString("app", "postgres");
/// await cluster.StopAsync();        // an outage
/// await cluster.StartAgainAsync();  // same data, same port
/// </code>
/// </example>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The Debian package that installs the server binaries.</summary>
    public const string Package = "postgresql";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SqlTimeout = TimeSpan.FromSeconds(30);

    private readonly string directory;
    private readonly List<string> previousOutput = [];
    private ChildProcess? server;

    private PostgresCluster(string binDirectory, string directory, int port)
    {
        BinDirectory = binDirectory;
        this.directory = directory;
        Port = port;
    }

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> that holds initdb and postgres; null when none does.</summary>
    public static string? InstalledBinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    /// <summary>Why a test that needs PostgreSQL is skipped, or null when it runs: whenever it is installed, and always under CI.</summary>
    public static string? SkipReason =>
        InstalledBinDirectory is not null || ExternalTool.IsCi
            ? null
            : $"needs PostgreSQL's server binaries under /usr/lib/postgresql/<version>/bin (apt-get install {Package}); CI installs it through .ci/run and runs this test";

    public string BinDirectory { get; }

    public int Port { get; }

    /// <summary>The superuser that initdb made; it logs in without a password from loopback (trust), as does every role here.</summary>
    public string Superuser => "postgres";

    public bool IsRunning => server is { HasExited: false };

    /// <summary>The server's output of every run so far, for failure messages.</summary>
    public string Output => string.Concat(previousOutput) + (server?.Output ?? string.Empty);

    /// <summary>Creates a cluster in a fresh temporary directory and starts it.</summary>
    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = InstalledBinDirectory
            ?? throw new InvalidOperationException($"PostgreSQL is not installed; the Debian package {Package} provides it (.ci/run installs it).");
        var directory = Directory.CreateTempSubdirectory("wilddns-postgres-").FullName;
        var cluster = new PostgresCluster(bin, directory, FreePorts.Next());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", directory]).ConfigureAwait(false);
            }

            await cluster.RunAsPostgresAsync(
                "initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]).ConfigureAwait(false);
            await cluster.StartAgainAsync().ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>An Npgsql connection string for <paramref name="user"/> on <paramref name="database"/> over loopback TCP.</summary>
    public string ConnectionString(string user, string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Database={database};Username={user}";

    /// <summary>Starts the server on the existing data directory and port; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("the cluster is running; stop it first");
        }

        if (server is not null)
        {
            previousOutput.Add(server.Output);
            await server.DisposeAsync().ConfigureAwait(false);
        }

        server = StartAsPostgres(
            "postgres",
            [
                "-D", DataDirectory,
                "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"unix_socket_directories={directory}",
                "-c", "fsync=off",
                "-c", "max_connections=100",
            ]);

        // The log line comes once recovery is done and connections are accepted.
        var deadline = Stopwatch.StartNew();
        while (!server.Output.Contains("database system is ready to accept connections", StringComparison.Ordinal))
        {
            if (server.HasExited || deadline.Elapsed > StartTimeout)
            {
                await server.StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"PostgreSQL did not start within {StartTimeout.TotalSeconds:0} s on port {Port}; output:\n{Output}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server by its PID with a fast shutdown (SIGINT: sessions are ended, as in an outage) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (server is not { HasExited: false } running)
        {
            return;
        }

        // A smart shutdown (SIGTERM, what ChildProcess sends) would wait for every client to leave.
        await RunAsync("kill", ["-INT", running.Id.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        await running.WaitForExitAsync(StopTimeout).ConfigureAwait(false);
    }

    /// <summary>Runs SQL with psql as the superuser, stopping at the first error; returns what psql printed (unaligned, tuples only).</summary>
    public async Task<string> SqlAsync(string sql, string database = "postgres")
    {
        var output = await RunAsPostgresAsync(
            "psql",
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql]).ConfigureAwait(false);
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public override string ToString() => $"PostgreSQL on 127.0.0.1:{Port} ({directory})";

    private string DataDirectory => Path.Combine(directory, "data");

    private static async Task RunAsync(string tool, IEnumerable<string> arguments)
    {
        await using var run = await ChildProcess.RunAsync(tool, arguments, SqlTimeout).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{run.CommandLine}' failed with exit code {run.ExitCode}:\n{run.Output}");
        }
    }

    /// <summary>
    /// A PostgreSQL program as the postgres user when this process is root: setpriv execs it in place, so the PID is the
    /// program's own and stopping it by that PID reaches it, not a wrapper.
    /// </summary>
    private ChildProcess StartAsPostgres(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        return Environment.IsPrivilegedProcess
            ? ChildProcess.Start("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", path, .. arguments], workingDirectory: directory)
            : ChildProcess.Start(path, arguments, workingDirectory: directory);
    }

    /// <summary>Runs a PostgreSQL program to its end; returns its standard output, or throws with all of its output when it fails.</summary>
    private async Task<string> RunAsPostgresAsync(string program, IReadOnlyList<string> arguments)
    {
        await using var child = StartAsPostgres(program, arguments);
        await child.WaitForExitAsync(SqlTimeout).ConfigureAwait(false);
        return child.ExitCode == 0 ? child.Stdout : throw new InvalidOperationException($"'{child.CommandLine}' failed with exit code {child.ExitCode}:\n{child.Output}");
    }
}
