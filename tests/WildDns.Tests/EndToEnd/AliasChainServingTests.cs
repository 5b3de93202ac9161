using FluentAssertions;
using WildDns.Tests.Harness;
using WildDns.Tests.Updates;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// The wilddns executable follows a CNAME into its own zones (RFC 1034 §4.3.2), asked with kdig over UDP and TCP: a
/// synthesized alias whose target is an address name, and a static CNAME in a second zone file pointing at one.
/// </summary>
public sealed class AliasChainServingTests
{
    private const string AliasZone = """
        $TTL 300
        @       IN SOA ns1.alias.example.net. hostmaster.example.net. 1 7200 900 1209600 60
        @       IN NS  ns1.alias.example.net.
        ns1     IN A   192.0.2.1
        device  IN CNAME fd00--1.cald5f5f7ba45.cert.example.com.
        """;

    [RequiresToolsFact("kdig")]
    public async Task Served_aliases_carry_their_in_zone_targets_records()
    {
        var zones = Directory.CreateTempSubdirectory("wilddns-zones-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone"), Path.Combine(zones, "cert.example.com.zone"));
            File.WriteAllText(Path.Combine(zones, "alias.example.net.zone"), AliasZone);
            await using var server = await ServerProcess.StartAsync(extraArguments: ["--zones", zones]);

            var synthesized = await UpdateTools.KdigAsync(server.DnsPort, "+noidn", "+short", "+notcp", "192-168-2-1--cald5f5f7ba45--cert--example--com.cald5f5f7ba45.cname.cert.example.com", "A");
            var fromZoneFile = await UpdateTools.KdigAsync(server.DnsPort, "+noidn", "+short", "+tcp", "device.alias.example.net", "AAAA");

            synthesized.ExitCode.Should().Be(0, synthesized.Output);
            Lines(synthesized.Stdout).Should().Equal(["192-168-2-1.cald5f5f7ba45.cert.example.com.", "192.168.2.1"], synthesized.Output);
            fromZoneFile.ExitCode.Should().Be(0, fromZoneFile.Output);
            Lines(fromZoneFile.Stdout).Should().Equal(["fd00--1.cald5f5f7ba45.cert.example.com.", "fd00::1"], fromZoneFile.Output);
        }
        finally
        {
            Directory.Delete(zones, recursive: true);
        }
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
