using System.Net;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Debian's dnsmasq as the forwarder a Pi-hole or a home router runs: on loopback, no upstream but the README's
/// <c>server=/cert.example.com/...</c> line, no /etc/hosts, every query logged to its output.
/// </summary>
internal static class DnsmasqForwarder
{
    public static Task<LoopbackResolver> StartAsync(IPEndPoint wildDns)
    {
        var snippet = ReadmeSnippet.Read("dnsmasq", wildDns);
        return LoopbackResolver.StartAsync("dnsmasq", "dnsmasq", SoaProbe.AnswersAsync, (port, directory) =>
        {
            var config = $"""
                port={port}
                listen-address=127.0.0.1
                bind-interfaces
                no-resolv
                no-hosts
                no-poll
                pid-file=
                log-facility=-
                log-queries
                {snippet}
                """;
            var path = Path.Combine(directory, "dnsmasq.conf");
            File.WriteAllText(path, config);
            return ["--keep-in-foreground", $"--conf-file={path}"];
        });
    }
}
