using System.Globalization;
using FluentAssertions;
using WildDns.Testing;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Cli;

/// <summary>
/// The <c>wilddns</c> executable's command line as a user meets it: help on every verb, the version, shell completion,
/// and exit codes 0 (done), 1 (failed) and 2 (usage or configuration), each error one line without a stack trace.
/// </summary>
public sealed class CommandLineTests
{
    public static readonly TheoryData<string, string[], string> HelpCases = new()
    {
        { "plain wilddns prints help, not a server", [], "wilddns [command] [options]" },
        { "--help", ["--help"], "Commands:" },
        { "-h", ["-h"], "Commands:" },
        { "help verb", ["help"], "Commands:" },
        { "serve --help", ["serve", "--help"], "--ops-port <N>" },
        { "serve -h", ["serve", "-h"], "sets WildDns:Dns:Port" },
        { "name --help", ["name", "--help"], "wilddns name <address|host-name> [options]" },
        { "explain -h", ["explain", "-h"], "wilddns explain <name> [options]" },
        { "challenge --help", ["challenge", "--help"], "publish" },
        { "challenge publish --help", ["challenge", "publish", "--help"], "wilddns challenge publish <name> <value> [options]" },
        { "health --help", ["health", "--help"], "--live" },
        { "help with a verb", ["help", "health"], "wilddns health [options]" },
    };

    public static readonly TheoryData<string, string[], string> UsageErrorCases = new()
    {
        { "unknown verb", ["nme"], "wilddns: Unrecognized command or argument 'nme'" },
        { "name without --id", ["name", "192.168.2.1"], "wilddns name: Option '--id' is required" },
        { "switch without its value", ["serve", "--dns-port"], "wilddns serve: Required argument missing for option: '--dns-port'" },
        { "stray word after serve", ["serve", "now"], "wilddns serve: unexpected argument 'now'" },
        { "an address with a typo", ["name", "300.1.1.1", "--id", "cald5f5f7ba45"], "wilddns name: '300.1.1.1' is not an IPv4 address" },
        { "an address with three numbers", ["name", "10.1.1", "--id", "cald5f5f7ba45"], "wilddns name: '10.1.1' is not an IPv4 address" },
        { "an explained type that is none", ["explain", "a.cert.example.com", "--type", "BOGUS"], "wilddns explain: 'BOGUS' is not a record type" },
        { "health URL that is none", ["health", "--url", "localhost:5381"], "wilddns health: --url must be an http:// or https:// URL" },
    };

    [Theory]
    [MemberData(nameof(HelpCases))]
    public async Task Help_is_on_every_verb_and_exits_0(string scenario, string[] args, string expected)
    {
        var run = await WildDnsCli.RunAsync(args);

        run.ExitCode.Should().Be(0, $"{scenario}: {run.Output}");
        run.Stdout.Should().Contain("Usage:", scenario).And.Contain(expected, scenario);
        run.Stderr.Should().BeEmpty(scenario);
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var run = await WildDnsCli.RunAsync(["--version"]);

        run.ExitCode.Should().Be(0, run.Output);
        run.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task The_suggest_directive_completes_verbs_and_switches_for_the_shell()
    {
        // dotnet-suggest passes the cursor position and the command line typed so far.
        var verbs = await WildDnsCli.RunAsync(["[suggest:10]", "challenge"]);
        var switches = await WildDnsCli.RunAsync(["[suggest:13]", "serve --ops-p"]);

        verbs.ExitCode.Should().Be(0, verbs.Output);
        verbs.Stdout.Split('\n', StringSplitOptions.TrimEntries).Should().Contain(["publish", "remove", "list", "--server"]);
        switches.ExitCode.Should().Be(0, switches.Output);
        switches.Stdout.Split('\n', StringSplitOptions.TrimEntries).Should().Contain("--ops-port").And.NotContain("--dns-port");
    }

    [Theory]
    [MemberData(nameof(UsageErrorCases))]
    public async Task A_usage_error_exits_2_with_one_line(string scenario, string[] args, string expected)
    {
        var run = await WildDnsCli.RunAsync(args);

        run.ExitCode.Should().Be(2, $"{scenario}: {run.Output}");
        run.Stderr.TrimEnd().Should().StartWith(expected, scenario).And.NotContain("\n", scenario).And.NotContain(" at ", scenario);
        run.Stdout.Should().BeEmpty(scenario);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_fails_the_health_check_with_exit_1()
    {
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);

        var run = await WildDnsCli.RunAsync(["health", "--ops-port", port]);

        run.ExitCode.Should().Be(1, run.Output);
        run.Stderr.TrimEnd().Should().StartWith($"wilddns health: http://127.0.0.1:{port}/health/ready did not answer").And.NotContain("\n");
    }
}
