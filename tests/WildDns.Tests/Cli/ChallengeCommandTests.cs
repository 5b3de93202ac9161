using FluentAssertions;
using WildDns.Cli;
using Xunit;

namespace WildDns.Tests.Cli;

/// <summary><c>wilddns challenge</c> against a real control plane: exit codes, output, and one-line reasons.</summary>
public sealed class ChallengeCommandTests : IAsyncLifetime
{
    private const string Token = "cli-test-token-0123456789";
    private const string Name = "_acme-challenge.cald5f5f7ba45.cert.example.com";
    private const string Value = "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE";

    // A digest may start with "--"; it must still be read as a value, not an option.
    private const string DashedValue = "--aXQp8WFBvHHjuR84I2QcjdJY3Vi_B2JBUUdUlUy4w";

    private ChallengeServer server = null!;

    public async Task InitializeAsync() => server = await ChallengeServer.StartAsync(Token);

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Publish_list_and_remove_round_trip_with_exit_code_zero()
    {
        (await Run("publish", Name, Value)).Should().Be((0, $"published {Name} {Value} until", string.Empty));
        (await Run("publish", Name, DashedValue)).Code.Should().Be(0);
        server.Store.Find(Name).ToArray().Should().Equal(Value, DashedValue);

        var list = await Run("list", "cald5f5f7ba45.cert.example.com");
        list.Code.Should().Be(0);
        list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2)
            .And.AllSatisfy(line => line.Should().MatchRegex($"^{Name} [A-Za-z0-9_-]{{43}} \\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));

        (await Run("remove", Name, Value)).Should().Be((0, $"removed {Name} {Value}", string.Empty));
        (await Run("remove", Name)).Should().Be((0, $"removed 1 value at {Name}", string.Empty));
        (await Run("list")).Should().Be((0, string.Empty, string.Empty));
    }

    [Fact]
    public async Task Removing_a_value_that_is_gone_still_succeeds()
    {
        (await Run("remove", Name, Value)).Should().Be((0, $"{Value} was not published at {Name}", string.Empty));
    }

    [Fact]
    public async Task On_the_servers_machine_the_token_is_read_from_the_data_directory()
    {
        await using var local = await ChallengeServer.StartAsync(token: null);

        var result = await ChallengeCommand.RunAsync(["publish", Name, Value, "--server", local.Address, "--data", local.DataDirectory], new StringWriter(), new StringWriter());

        result.Should().Be(0);
        local.Store.Find(Name).ToArray().Should().Equal(Value);
    }

    [Fact]
    public async Task A_token_file_is_read_when_given()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Token + "\n");
        try
        {
            var stdout = new StringWriter();
            var result = await ChallengeCommand.RunAsync(["list", $"--server={server.Address}", "--token-file", file], stdout, new StringWriter());

            result.Should().Be(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("wrong token", "Unauthenticated", "publish", Name, Value, "--token", "not-the-token-at-all")]
    [InlineData("zone apex", "PermissionDenied", "publish", "_acme-challenge.cert.example.com", Value)]
    [InlineData("bad value", "InvalidArgument: The value must be a DNS-01 digest", "publish", Name, "not-a-digest")]
    [InlineData("outside the zones", "InvalidArgument", "remove", "_acme-challenge.abc.example.org")]
    public async Task A_refusal_by_the_server_exits_1_with_one_line_that_says_why(string scenario, string reason, params string[] args)
    {
        var result = await Run(args);

        result.Code.Should().Be(1, scenario);
        result.Stderr.Should().Contain(reason).And.NotContain("\n").And.NotContain(" at ");
    }

    [Fact]
    public async Task A_server_that_is_not_there_exits_1_with_one_line()
    {
        var stderr = new StringWriter();

        var code = await ChallengeCommand.RunAsync(["list", "--server", "http://127.0.0.1:1", "--token", Token], new StringWriter(), stderr);

        code.Should().Be(1);
        stderr.ToString().TrimEnd().Should().StartWith("wilddns challenge list: cannot reach the control plane at http://127.0.0.1:1/").And.NotContain("\n");
    }

    [Theory]
    [InlineData("a token in clear text to another machine", "clear text", "list", "--server", "http://192.0.2.10:5380", "--token", Token)]
    [InlineData("a CA file that is not there", "/nonexistent/ca.pem", "list", "--server", "https://127.0.0.1:5380", "--token", Token, "--ca-file", "/nonexistent/ca.pem")]
    [InlineData("a client certificate without its key", "key", "list", "--server", "https://127.0.0.1:5380", "--token", Token, "--cert", "/nonexistent/client.pem")]
    public async Task A_transport_that_would_expose_the_token_or_cannot_be_set_up_exits_2_before_any_call(string scenario, string reason, params string[] args)
    {
        var stderr = new StringWriter();

        var code = await ChallengeCommand.RunAsync(args, new StringWriter(), stderr);

        code.Should().Be(2, scenario);
        stderr.ToString().Should().Contain(reason).And.NotContain(" at ");
    }

    [Theory]
    [InlineData("no subcommand", "Required command was not provided")]
    [InlineData("unknown subcommand", "'add'", "add", Name, Value)]
    [InlineData("publish without a value", "Required argument 'value' missing", "publish", Name)]
    [InlineData("list with two scopes", "unexpected argument 'b'", "list", "a", "b")]
    [InlineData("unknown option", "unknown option '--verbose'", "list", "--verbose")]
    [InlineData("option without its value", "Required argument missing for option: '--server'", "list", "--server")]
    [InlineData("server that is not a URL", "--server must be an http:// or https:// URL", "list", "--server", "127.0.0.1:5380")]
    [InlineData("both token flags", "not both", "list", "--token", "a", "--token-file", "b")]
    [InlineData("no token file", "does not exist; pass --token", "list", "--data", "/nonexistent/wilddns")]
    public async Task A_usage_error_exits_2_with_one_line(string scenario, string reason, params string[] args)
    {
        var stderr = new StringWriter();

        var code = await ChallengeCommand.RunAsync(args, new StringWriter(), stderr);

        code.Should().Be(2, scenario);
        stderr.ToString().TrimEnd().Should().Contain(reason).And.NotContain("\n");
    }

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] withServer = args.Contains("--token") ? [.. args, "--server", server.Address] : [.. args, "--server", server.Address, "--token", Token];
        var code = await ChallengeCommand.RunAsync(withServer, stdout, stderr);
        var output = stdout.ToString();

        // Publish prints an expiry that depends on the clock; the prefix is what the tests pin.
        var until = output.IndexOf(" until ", StringComparison.Ordinal);
        return (code, (until < 0 ? output : output[..(until + " until".Length)]).TrimEnd(), stderr.ToString().TrimEnd());
    }
}
