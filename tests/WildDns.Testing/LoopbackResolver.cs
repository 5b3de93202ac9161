using System.Diagnostics;
using System.Net;

namespace WildDns.Testing;

/// <summary>
/// A resolver or forwarder the test started (unbound, named, dnsmasq) on a free loopback port, with its own temporary
/// directory. Stopped by its own PID only, its directory removed with it.
/// </summary>
public sealed class LoopbackResolver : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess process;
    private readonly string directory;

    private LoopbackResolver(ChildProcess process, string directory, IPEndPoint endpoint)
    {
        this.process = process;
        this.directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>What the program printed, for failure messages.</summary>
    public string Log => process.Output;

    /// <summary>
    /// Starts <paramref name="tool"/> with the arguments <paramref name="launch"/> gives for a port and a fresh directory
    /// (where it writes its configuration), and waits until <paramref name="answers"/> sees it answer (true when a query
    /// sent to the endpoint got a reply within a short wait). A lost race for the port is retried with another.
    /// </summary>
    public static async Task<LoopbackResolver> StartAsync(string tool, string package, Func<IPEndPoint, Task<bool>> answers, Func<int, string, IEnumerable<string>> launch)
    {
        var binary = ExternalTool.Require(tool, package);
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory($"wilddns-{tool}-").FullName;
            var port = FreePorts.Next();
            var arguments = launch(port, directory).ToArray();
            var resolver = new LoopbackResolver(ChildProcess.Start(binary, arguments, workingDirectory: directory), directory, new IPEndPoint(IPAddress.Loopback, port));
            if (await resolver.WaitUntilAnsweringAsync(answers).ConfigureAwait(false))
            {
                return resolver;
            }

            failures.Add($"{resolver.process}:\n{resolver.Log}");
            await resolver.DisposeAsync().ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{tool} did not start answering within {StartTimeout}:\n{string.Join('\n', failures)}");
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is left behind, nothing else.
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync(Func<IPEndPoint, Task<bool>> answers)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout && !process.HasExited)
        {
            if (await answers(Endpoint).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return false;
    }
}
