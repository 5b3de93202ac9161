using System.Globalization;
using FluentAssertions;
using WildDns.Testing;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Cli;

/// <summary>
/// <c>wilddns serve</c> with a setting it cannot use, as docs/configuration.md promises: exit 2 and one line,
/// <c>wilddns: configuration error: &lt;key&gt;: &lt;problem&gt;</c>, whichever source the setting came from; a key that
/// is no setting draws a warning naming the nearest one.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("wilddns-config-").FullName;

    public static TheoryData<string, string[], Dictionary<string, string?>, string> Cases => new()
    {
        { "a port that is no number, from the environment", [], new() { ["WildDns__Dns__Port"] = "abc" }, "WildDns:Dns:Port: 'abc' is not a whole number." },
        { "a lifetime that is no duration, as a switch", ["--WildDns:Challenges:Lifetime", "1h"], new(), "WildDns:Challenges:Lifetime: '1h' is not a duration" },
        { "a boolean that is none, with =", ["--WildDns:Zones:Watch=sometimes"], new(), "WildDns:Zones:Watch: 'sometimes' is neither true nor false." },
        { "a short switch with a bad value", ["--ops-port", "70000"], new(), "WildDns:Operations:Port: 70000 is outside 0-65535." },
        { "a sample rate that is no number", [], new() { ["WildDns__Logging__QuerySampleRate"] = "half" }, "WildDns:Logging:QuerySampleRate: 'half' is not a number" },
        { "only addresses this host lacks", ["--listen", "10.99.99.99"], new(), "WildDns:Dns:Listen: no DNS endpoint could be bound: 10.99.99.99:" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_setting_exits_2_with_one_line_naming_its_key(string scenario, string[] args, Dictionary<string, string?> environment, string expected)
    {
        // The DNS port goes by environment variable unless the case sets that variable itself: a switch would win over it.
        environment.TryAdd("WildDns__Dns__Port", FreePorts.Next().ToString(CultureInfo.InvariantCulture));

        var run = await WildDnsCli.RunAsync(["serve", .. FreeServerPorts(), .. args], environment, workingDirectory);

        run.ExitCode.Should().Be(2, $"{scenario}: {run.Output}");
        run.Stderr.TrimEnd().Should().StartWith($"wilddns: configuration error: {expected}", scenario).And.NotContain("\n");
    }

    [Fact]
    public async Task A_bad_value_in_appsettings_json_is_named_the_same_way()
    {
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "appsettings.json"), """{ "WildDns": { "Challenges": { "MaxValuesPerName": "many" } } }""");

        var run = await WildDnsCli.RunAsync(["serve", .. FreeServerPorts(), "--dns-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture)], workingDirectory: workingDirectory);

        run.ExitCode.Should().Be(2, run.Output);
        run.Stderr.TrimEnd().Should().Be("wilddns: configuration error: WildDns:Challenges:MaxValuesPerName: 'many' is not a whole number.");
    }

    [Fact]
    public async Task An_appsettings_json_that_is_not_JSON_exits_2_naming_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "appsettings.json"), "{ \"WildDns\": { \"Dns\": ");

        var serve = await WildDnsCli.RunAsync(["serve", .. FreeServerPorts(), "--dns-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture)], workingDirectory: workingDirectory);
        var health = await WildDnsCli.RunAsync(["health"], workingDirectory: workingDirectory);

        foreach (var run in new[] { serve, health })
        {
            run.ExitCode.Should().Be(2, run.Output);
            run.Stderr.TrimEnd().Should().StartWith("wilddns: configuration error: ").And.Contain("appsettings.json").And.NotContain("\n");
        }
    }

    [Fact]
    public async Task A_broken_zone_file_exits_2_naming_the_file_and_line()
    {
        var zones = Directory.CreateDirectory(Path.Combine(workingDirectory, "zones")).FullName;
        var shipped = await File.ReadAllLinesAsync(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone"));
        var broken = shipped.Select(line => line.StartsWith("ns1     IN A ", StringComparison.Ordinal) ? "ns1     IN A    192.0.2.999" : line).ToArray();
        var lineNumber = Array.FindIndex(broken, line => line.Contains("192.0.2.999", StringComparison.Ordinal)) + 1;
        await File.WriteAllLinesAsync(Path.Combine(zones, "cert.example.com.zone"), broken);

        var run = await WildDnsCli.RunAsync(
            ["serve", .. FreeServerPorts(), "--dns-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "--zones", zones], workingDirectory: workingDirectory);

        run.ExitCode.Should().Be(2, run.Output);
        run.Stderr.TrimEnd().Should().StartWith($"wilddns: zone error: {Path.Combine(zones, "cert.example.com.zone")}:{lineNumber}: ")
            .And.Contain("192.0.2.999").And.NotContain("\n");
        lineNumber.Should().BePositive();
    }

    [Fact]
    public async Task A_key_that_is_no_setting_is_warned_about_with_the_nearest_setting_and_the_server_still_starts()
    {
        await using var server = await ServerProcess.StartAsync(
            extraArguments: ["--WildDns:Dns:Prot", "53", "--WildDns:Telemetry:HttpPort", "9100", "--WildDns:Zones:AllowedNetworks", "10.0.0.0/8"],
            environment: new Dictionary<string, string?> { ["WildDns__Zones__AdressTtl"] = "60" });

        server.Output.Should().Contain("wilddns: warning: WildDns:Dns:Prot is not a setting, and is ignored; did you mean WildDns:Dns:Port?")
            .And.Contain("wilddns: warning: WildDns:Zones:AdressTtl is not a setting, and is ignored; did you mean WildDns:Zones:AddressTtl?")
            .And.Contain("wilddns: warning: WildDns:Telemetry:HttpPort is no longer a setting; WildDns:Operations:Port replaces it.")
            .And.Contain("wilddns: warning: WildDns:Zones:AllowedNetworks is a list, and one value for all of it is ignored; give WildDns:Zones:AllowedNetworks:0");
    }

    [Fact]
    public async Task Every_documented_key_is_a_known_setting()
    {
        var documented = System.Text.RegularExpressions.Regex.Matches(
                await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.RepositoryRoot, "docs", "configuration.md")), @"^\| `(WildDns:[A-Za-z:]+)`", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .ToList();

        documented.Should().NotBeEmpty();
        WildDns.Configuration.SettingsCatalog.KnownKeys().Should().Contain(documented);
    }

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    /// <summary>Free control and operations ports and a data directory of the test's own, so that a check that wrongly let a server start disturbs nothing.</summary>
    private string[] FreeServerPorts()
    {
        var ports = FreePorts.Distinct(2).Select(port => port.ToString(CultureInfo.InvariantCulture)).ToArray();
        return ["--control-port", ports[0], "--ops-port", ports[1], "--data", Path.Combine(workingDirectory, "data"), "--zones", RepositoryLayout.ZonesDirectory];
    }
}
