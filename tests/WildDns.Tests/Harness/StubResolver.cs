using System.Globalization;
using System.Net;
using System.Text;

namespace WildDns.Tests.Harness;

/// <summary>
/// Debian's unbound as a hospital's resolver with the README's stub zone for <c>cert.example.com</c> pointing at
/// WildDns, <c>domain-insecure</c> for it, and "." stubbed to a closed loopback port, so that nothing it is asked
/// reaches beyond loopback. A child process on a free port, stopped by its PID.
/// </summary>
public sealed class StubResolver : IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly string directory;

    private StubResolver(ChildProcess process, string directory, IPEndPoint endpoint)
    {
        this.process = process;
        this.directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public string Log => process.Output;

    public static async Task<StubResolver> StartAsync(IPEndPoint wildDns)
    {
        var ports = FreePorts.Distinct(2);
        var directory = Directory.CreateTempSubdirectory("wilddns-unbound-").FullName;
        var configuration = new StringBuilder()
            .AppendLine("server:")
            .AppendLine("    interface: 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"    port: {ports[0]}")
            .AppendLine("    do-not-query-localhost: no")
            .AppendLine("    chroot: \"\"")
            .AppendLine("    username: \"\"")
            .AppendLine(CultureInfo.InvariantCulture, $"    directory: \"{directory}\"")
            .AppendLine("    pidfile: \"\"")
            .AppendLine("    use-syslog: no")
            .AppendLine("    domain-insecure: \"cert.example.com\"")
            .AppendLine("stub-zone:")
            .AppendLine("    name: \"cert.example.com\"")
            .AppendLine(CultureInfo.InvariantCulture, $"    stub-addr: {wildDns.Address}@{wildDns.Port}")
            .AppendLine("stub-zone:")
            .AppendLine("    name: \".\"")
            .AppendLine(CultureInfo.InvariantCulture, $"    stub-addr: 127.0.0.1@{ports[1]}")
            .ToString();
        var path = Path.Combine(directory, "unbound.conf");
        await File.WriteAllTextAsync(path, configuration).ConfigureAwait(false);
        var process = ChildProcess.Start(ExternalTool.Require("unbound"), ["-d", "-c", path]);
        var resolver = new StubResolver(process, directory, new IPEndPoint(IPAddress.Loopback, ports[0]));
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            if (await DnsProbe.TryQueryAsync(resolver.Endpoint, "cert.example.com", ARSoft.Tools.Net.Dns.RecordType.Soa).ConfigureAwait(false) is not null)
            {
                return resolver;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        await resolver.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"unbound did not answer; output:\n{process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(directory, recursive: true);
    }
}
