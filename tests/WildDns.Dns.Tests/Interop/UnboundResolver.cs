using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Wire;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Debian's unbound as a child process: a recursive resolver on a free loopback port with stub zones pointing at
/// WildDns, and otherwise its default settings (query-name minimisation on, no private-address stripping). Stopped
/// by killing exactly the process it started.
/// </summary>
internal sealed class UnboundResolver : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder log;

    private UnboundResolver(Process process, string directory, StringBuilder log, IPEndPoint endpoint)
    {
        this.process = process;
        this.directory = directory;
        this.log = log;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>What unbound printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts unbound with one stub zone per (zone, server) and waits until it answers.</summary>
    public static async Task<UnboundResolver> StartAsync(IReadOnlyList<(string Zone, IPEndPoint Server)> stubs)
    {
        var binary = ExternalTool.Require("unbound", "unbound");
        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The port is free when chosen but unbound binds it a moment later; another attempt covers a lost race.
            var resolver = Launch(binary, stubs, FreePorts.Next());
            if (await resolver.WaitUntilAnsweringAsync())
            {
                return resolver;
            }

            failures.AppendLine(resolver.Log);
            resolver.Dispose();
        }

        throw new InvalidOperationException($"unbound did not start answering within {StartTimeout}:\n{failures}");
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static UnboundResolver Launch(string binary, IReadOnlyList<(string Zone, IPEndPoint Server)> stubs, int port)
    {
        var directory = Directory.CreateTempSubdirectory("wilddns-unbound-").FullName;
        var config = new StringBuilder()
            .AppendLine("server:")
            .AppendLine("    interface: 127.0.0.1")
            .AppendLine($"    port: {port}")
            .AppendLine("    do-not-query-localhost: no")
            .AppendLine("    chroot: \"\"")
            .AppendLine("    username: \"\"")
            .AppendLine($"    directory: \"{directory}\"")
            .AppendLine($"    pidfile: \"{Path.Combine(directory, "unbound.pid")}\"")
            .AppendLine("    use-syslog: no")
            .AppendLine("    logfile: \"\"");
        foreach (var (zone, server) in stubs)
        {
            config.AppendLine("stub-zone:")
                .AppendLine($"    name: \"{zone}\"")
                .AppendLine($"    stub-addr: {server.Address}@{server.Port}");
        }

        var configPath = Path.Combine(directory, "unbound.conf");
        File.WriteAllText(configPath, config.ToString());
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "-d", "-c", configPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new UnboundResolver(process, directory, log, new IPEndPoint(IPAddress.Loopback, port));
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync()
    {
        var clock = Stopwatch.StartNew();
        var probe = new QueryBuilder("cert.example.com", 6).Build();
        while (clock.Elapsed < StartTimeout && !process.HasExited)
        {
            if (await DnsExchange.SendUdpAsync(Endpoint, probe, TimeSpan.FromMilliseconds(500)) is not null)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
