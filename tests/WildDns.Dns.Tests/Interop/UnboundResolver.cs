using System.Net;
using System.Text;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Debian's unbound as a recursive resolver on a free loopback port with the configuration it is given (the README's
/// snippet) and otherwise Debian's defaults: query-name minimisation on, and DNSSEC validation on with the root trust
/// anchor that Debian installs (a copy of <c>/usr/share/dns/root.key</c> as <c>auto-trust-anchor-file</c>). The root
/// zone is a stub zone at a loopback server that refuses it (WildDns itself, which serves no root), so no query leaves
/// the machine and trust-anchor priming fails at once instead of after timeouts.
/// </summary>
internal static class UnboundResolver
{
    /// <summary>Debian's root trust anchor (package dns-root-data, which unbound depends on).</summary>
    public const string RootKey = "/usr/share/dns/root.key";

    /// <summary>
    /// Starts unbound with <paramref name="configuration"/> (unbound.conf clauses) and waits until it answers; queries for
    /// the root go to <paramref name="refusingRoot"/>, a loopback server that answers them REFUSED.
    /// </summary>
    public static Task<LoopbackResolver> StartAsync(string configuration, IPEndPoint refusingRoot) =>
        LoopbackResolver.StartAsync("unbound", "unbound", SoaProbe.AnswersAsync, (port, directory) =>
        {
            var trustAnchor = Path.Combine(directory, "root.key");
            File.Copy(RootKey, trustAnchor);
            var config = new StringBuilder(configuration).AppendLine()
                .AppendLine("server:")
                .AppendLine("    interface: 127.0.0.1")
                .AppendLine($"    port: {port}")
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
            var path = Path.Combine(directory, "unbound.conf");
            File.WriteAllText(path, config.ToString());
            return ["-d", "-c", path];
        });
}
