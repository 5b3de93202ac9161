using System.Globalization;
using System.Net;
using System.Text;

namespace WildDns.Tests.Harness;

/// <summary>
/// Debian's unbound as a hospital's resolver with the README's stub zone for <c>cert.example.com</c> pointing at
/// WildDns, <c>domain-insecure</c> for it, and "." stubbed to a closed loopback port, so that nothing it is asked
/// reaches beyond loopback.
/// </summary>
public static class StubResolver
{
    public static Task<LoopbackResolver> StartAsync(IPEndPoint wildDns) =>
        LoopbackResolver.StartAsync("unbound", "unbound", AnswersAsync, (port, directory) =>
        {
            var configuration = new StringBuilder()
                .AppendLine("server:")
                .AppendLine("    interface: 127.0.0.1")
                .AppendLine(CultureInfo.InvariantCulture, $"    port: {port}")
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
                .AppendLine(CultureInfo.InvariantCulture, $"    stub-addr: 127.0.0.1@{FreePorts.Distinct(2).First(closed => closed != port)}")
                .ToString();
            var path = Path.Combine(directory, "unbound.conf");
            File.WriteAllText(path, configuration);
            return ["-d", "-c", path];
        });

    private static async Task<bool> AnswersAsync(IPEndPoint endpoint) =>
        await DnsProbe.TryQueryAsync(endpoint, "cert.example.com", ARSoft.Tools.Net.Dns.RecordType.Soa).ConfigureAwait(false) is not null;
}
