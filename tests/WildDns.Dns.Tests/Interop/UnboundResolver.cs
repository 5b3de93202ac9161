using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Wire;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Debian's unbound as a child process: a recursive resolver on a free loopback port with the configuration it is given
/// (the README's snippet) and otherwise Debian's defaults: query-name minimisation on, and DNSSEC validation on with the
/// root trust anchor that Debian installs (a copy of <c>/usr/share/dns/root.key</c> as <c>auto-trust-anchor-file</c>).
/// The root zone is a stub zone at a loopback server that refuses it (WildDns itself, which serves no root), so no query
/// leaves the machine and trust-anchor priming fails at once instead of after timeouts. Stopped by killing exactly the
/// process it started.
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

    /// <summary>Debian's root trust anchor (package dns-root-data, which unbound depends on).</summary>
    public const string RootKey = "/usr/share/dns/root.key";

    /// <summary>
    /// Starts unbound with <paramref name="configuration"/> (unbound.conf clauses) and waits until it answers; queries for
    /// the root go to <paramref name="refusingRoot"/>, a loopback server that answers them REFUSED.
    /// </summary>
    public static async Task<UnboundResolver> StartAsync(string configuration, IPEndPoint refusingRoot)
    {
        var binary = ExternalTool.Require("unbound", "unbound");
        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The port is free when chosen but unbound binds it a moment later; another attempt covers a lost race.
            var resolver = Launch(binary, configuration, refusingRoot, FreePorts.Next());
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

    private static UnboundResolver Launch(string binary, string configuration, IPEndPoint refusingRoot, int port)
    {
        var directory = Directory.CreateTempSubdirectory("wilddns-unbound-").FullName;
        var trustAnchor = Path.Combine(directory, "root.key");
        File.Copy(RootKey, trustAnchor);
        var config = new StringBuilder(configuration).AppendLine()
            .AppendLine("server:")
            .AppendLine("    interface: 127.0.0.1")
            .AppendLine($"    port: {port}")
            .AppendLine("    do-not-query-localhost: no")
            .AppendLine("    chroot: \"\"")
            .AppendLine("    username: \"\"")
            .AppendLine($"    directory: \"{directory}\"")
            .AppendLine($"    pidfile: \"{Path.Combine(directory, "unbound.pid")}\"")
            .AppendLine("    use-syslog: no")
            .AppendLine("    logfile: \"\"")
            .AppendLine($"    auto-trust-anchor-file: \"{trustAnchor}\"")
            .AppendLine("stub-zone:")
            .AppendLine("    name: \".\"")
            .AppendLine($"    stub-addr: {refusingRoot.Address}@{refusingRoot.Port}");

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
