using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// The real server reloads its zone files when they change and on SIGHUP; a broken file keeps the old zone answering.
/// The glue address of ns1 is the record edited: it comes from the zone file, so it shows which file is being served.
/// </summary>
public sealed class ZoneReloadTests : IDisposable
{
    private const string Name = "ns1.cert.example.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string zones = Directory.CreateTempSubdirectory("wilddns-zones-").FullName;
    private readonly string zoneFile;
    private readonly string original;

    public ZoneReloadTests()
    {
        zoneFile = Path.Combine(zones, "cert.example.com.zone");
        original = File.ReadAllText(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone"));
        File.WriteAllText(zoneFile, original);
    }

    [Fact]
    public async Task A_changed_file_is_served_a_broken_one_keeps_the_old_zone_and_SIGHUP_reloads()
    {
        await using var server = await StartAsync(watch: true);
        (await GlueAsync(server)).Should().Be("192.0.2.53");

        await WriteAtomicallyAsync(original.Replace("ns1     IN A    192.0.2.53", "ns1     IN A    192.0.2.54", StringComparison.Ordinal));
        (await WaitForGlueAsync(server, "192.0.2.54")).Should().Be("192.0.2.54", server.Output);

        await WriteAtomicallyAsync(original.Replace("ns1     IN A    192.0.2.53", "ns1     IN A    not-an-address", StringComparison.Ordinal));
        await WaitForOutputAsync(server, "Kept the zones being served");
        (await GlueAsync(server)).Should().Be("192.0.2.54", "a broken file must leave the last good zone answering");

        await WriteAtomicallyAsync(original.Replace("ns1     IN A    192.0.2.53", "ns1     IN A    192.0.2.55", StringComparison.Ordinal));
        (await WaitForGlueAsync(server, "192.0.2.55")).Should().Be("192.0.2.55", server.Output);
    }

    public static TheoryData<string, string[]> Launchers() => new()
    {
        { "started directly", [] },
        { "started under nohup, which leaves SIGHUP ignored", ["nohup"] },
    };

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task SIGHUP_reloads_when_watching_is_off(string started, string[] launcher)
    {
        await using var server = await StartAsync(watch: false, launcher);
        await WriteAtomicallyAsync(original.Replace("ns1     IN A    192.0.2.53", "ns1     IN A    192.0.2.56", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        (await GlueAsync(server)).Should().Be("192.0.2.53", "nothing reloads without a watch or a signal");

        await SendHangupAsync(server.ProcessId);

        (await WaitForGlueAsync(server, "192.0.2.56")).Should().Be("192.0.2.56", $"a server {started} reloads on SIGHUP; its output: {server.Output}");
        server.IsRunning.Should().BeTrue("SIGHUP must not end the process");
    }

    public void Dispose() => Directory.Delete(zones, recursive: true);

    private Task<ServerProcess> StartAsync(bool watch, IReadOnlyList<string>? launcher = null) =>
        ServerProcess.StartAsync(
            launcher: launcher,
            extraArguments: ["--zones", zones],
            environment: new Dictionary<string, string?>
            {
                ["WildDns__Zones__Watch"] = watch ? "true" : "false",
                ["WildDns__Zones__ReloadDelayMilliseconds"] = "100",
            });

    /// <summary>Writes beside the file and renames over it, as deployment tools do, so no reload reads half a file.</summary>
    private async Task WriteAtomicallyAsync(string text)
    {
        var temporary = Path.Combine(zones, ".next.tmp");
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, zoneFile, overwrite: true);
    }

    private static async Task<string> GlueAsync(ServerProcess server)
    {
        var response = await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(1, Name, 1));

        // One question, one A record: its RDATA is the last four bytes of the message.
        return string.Join('.', response[^4..].Select(octet => octet.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<string> WaitForGlueAsync(ServerProcess server, string expected)
    {
        var clock = Stopwatch.StartNew();
        string seen;
        while ((seen = await GlueAsync(server)) != expected && clock.Elapsed < Patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return seen;
    }

    private static async Task WaitForOutputAsync(ServerProcess server, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!server.Output.Contains(text, StringComparison.Ordinal))
        {
            clock.Elapsed.Should().BeLessThan(Patience, $"the server should log '{text}'; output:\n{server.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task SendHangupAsync(int processId)
    {
        // kill(1) with this PID signals the server under test and nothing else.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0);
    }
}
