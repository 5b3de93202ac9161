using System.Diagnostics;
using System.Net;

namespace WildDns.Tests.Harness;

/// <summary>
/// Runs Debian's <c>lego</c> against a <see cref="PebbleServer"/> with a DNS provider, to issue one certificate. The run
/// talks to loopback only: the CA is pebble, and lego's own DNS lookups go to <c>--dns.resolvers</c> (the server under
/// test), with the wait for every authoritative server turned off (<c>--dns.disable-cp</c>) since WildDns is all of them.
/// </summary>
public static class LegoClient
{
    /// <summary>
    /// <c>lego ... --dns <paramref name="dnsProvider"/> --domains ... run</c> with <paramref name="providerEnvironment"/>
    /// (e.g. <c>EXEC_PATH</c>, <c>RFC2136_NAMESERVER</c>), to its end within <paramref name="timeout"/> (then stopped, and
    /// <see cref="TimeoutException"/>). <paramref name="path"/> is lego's directory; default a fresh temporary one that the
    /// caller removes.
    /// </summary>
    public static async Task<LegoRun> RunAsync(
        PebbleServer pebble,
        IPEndPoint resolver,
        string dnsProvider,
        IReadOnlyDictionary<string, string?> providerEnvironment,
        IReadOnlyList<string> domains,
        TimeSpan timeout,
        string? path = null)
    {
        var executable = ExternalTool.Require("lego");
        path ??= Directory.CreateTempSubdirectory("wilddns-lego-").FullName;
        Directory.CreateDirectory(path);
        var environment = new Dictionary<string, string?>(providerEnvironment)
        {
            ["LEGO_CA_CERTIFICATES"] = pebble.TlsCertificatePath,
        };
        List<string> arguments =
        [
            "--server", pebble.DirectoryUrl.ToString(),
            "--accept-tos",
            "--email", "test@example.com",
            "--path", path,
            "--dns", dnsProvider,
            "--dns.disable-cp",
            "--dns.resolvers", resolver.ToString(),
        ];
        foreach (var domain in domains)
        {
            arguments.Add("--domains");
            arguments.Add(domain);
        }

        arguments.Add("run");
        var clock = Stopwatch.StartNew();
        var process = await ChildProcess.RunAsync(executable, arguments, timeout, environment, path).ConfigureAwait(false);
        return new LegoRun(process, clock.Elapsed, path);
    }
}
