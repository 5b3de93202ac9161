using FluentAssertions;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using WildDns.Client;
using WildDns.Control.Authentication;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Authentication;

/// <summary>Every call is authenticated (SPEC §5): bearer token from configuration, or generated for a loopback-only listener.</summary>
public sealed class ControlAuthenticationTests
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    private static readonly Dictionary<string, string?> NoToken = new() { ["WildDns:Control:Token"] = null };

    [Theory]
    [InlineData("no token", null)]
    [InlineData("wrong token", "test-token-0123456789abcdeX")]
    [InlineData("token prefix", "test-token-0123456789abcde")]
    [InlineData("token with more after it", ControlPlaneHost.Token + "0")]
    public async Task A_call_without_the_right_token_is_refused_with_unauthenticated(string scenario, string? token)
    {
        using var data = new TemporaryDirectory();
        await using var host = await ControlPlaneHost.StartAsync(data.Path);
        using var client = host.Client(token);

        var failure = await client.Invoking(c => c.PublishAsync(Name, Digests.Of("x"))).Should().ThrowAsync<RpcException>(scenario);

        failure.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        host.Store.PublishedCount.Should().Be(0);
        (await client.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_header_that_is_not_a_bearer_credential_is_refused_with_unauthenticated()
    {
        using var data = new TemporaryDirectory();
        await using var host = await ControlPlaneHost.StartAsync(data.Path);
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions
        {
            HttpHandler = new BasicAuthenticationHandler(new SocketsHttpHandler()),
        });
        using var client = new ChallengeClient(channel, token: null);

        var failure = await client.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>();

        failure.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        failure.Which.Status.Detail.Should().Contain("Bearer");
    }

    [Fact]
    public async Task The_configured_token_is_accepted()
    {
        using var data = new TemporaryDirectory();
        await using var host = await ControlPlaneHost.StartAsync(data.Path);
        using var client = host.Client();

        await client.PublishAsync(Name, Digests.Of("x"));

        host.Store.PublishedCount.Should().Be(1);
        File.Exists(Path.Combine(data.Path, "control.token")).Should().BeFalse("a configured token needs no file");
    }

    [Fact]
    public async Task Without_a_configured_token_a_loopback_control_plane_writes_one_for_the_owner_only_and_accepts_it()
    {
        using var data = new TemporaryDirectory();
        await using var host = await ControlPlaneHost.StartAsync(data.Path, settings: NoToken);
        var tokenFile = Path.Combine(data.Path, "control.token");

        var token = ControlTokenFile.Read(tokenFile);
        using var client = host.Client(token);
        await client.PublishAsync(Name, Digests.Of("x"));

        token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(tokenFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task A_generated_token_is_reused_after_a_restart()
    {
        using var data = new TemporaryDirectory();
        string token;
        await using (var first = await ControlPlaneHost.StartAsync(data.Path, settings: NoToken))
        {
            token = ControlTokenFile.Read(Path.Combine(data.Path, "control.token"));
        }

        await using var second = await ControlPlaneHost.StartAsync(data.Path, settings: NoToken);
        using var client = second.Client(token);

        await client.PublishAsync(Name, Digests.Of("x"));

        ControlTokenFile.Read(Path.Combine(data.Path, "control.token")).Should().Be(token);
    }

    [Fact]
    public async Task With_TokenGroupReadable_the_generated_token_is_0640_in_a_0750_data_directory_so_the_group_can_read_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TemporaryDirectory();
        var settings = new Dictionary<string, string?>(NoToken) { ["WildDns:Control:TokenGroupReadable"] = "true" };
        await using var host = await ControlPlaneHost.StartAsync(data.Path, settings: settings);
        var tokenFile = Path.Combine(data.Path, "control.token");

        using var client = host.Client(ControlTokenFile.Read(tokenFile));
        await client.PublishAsync(Name, Digests.Of("x"));

        File.GetUnixFileMode(tokenFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        (File.GetUnixFileMode(data.Path) & (UnixFileMode.GroupRead | UnixFileMode.GroupExecute)).Should().Be(UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        (File.GetUnixFileMode(data.Path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)).Should().Be(UnixFileMode.None);
    }

    [Theory]
    [InlineData("owner-only file, group wanted: widened to the group", UnixFileMode.UserRead | UnixFileMode.UserWrite, true)]
    [InlineData("world-readable file, group wanted: narrowed to the group", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [InlineData("group-readable file, owner only wanted: narrowed to the owner", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, false)]
    [InlineData("world-readable file, owner only wanted: narrowed to the owner", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, false)]
    public void An_existing_token_file_gets_the_configured_mode_and_never_others(string scenario, UnixFileMode before, bool groupReadable)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TemporaryDirectory();
        Directory.CreateDirectory(data.Path);
        var path = Path.Combine(data.Path, "control.token");
        File.WriteAllText(path, "an-operator-chosen-token-value\n");
        File.SetUnixFileMode(path, before);

        ControlTokenFile.LoadOrCreate(path, groupReadable).Should().Be("an-operator-chosen-token-value");

        File.GetUnixFileMode(path).Should().Be(groupReadable ? ControlTokenFile.GroupReadableMode : ControlTokenFile.Mode, scenario);
    }

    [Fact]
    public async Task Without_a_token_a_control_plane_listening_beyond_loopback_refuses_to_start_and_names_the_key()
    {
        using var data = new TemporaryDirectory();
        var settings = new Dictionary<string, string?> { ["WildDns:Control:Token"] = null, ["WildDns:Control:Listen"] = "0.0.0.0" };

        var start = () => ControlPlaneHost.StartAsync(data.Path, settings: settings);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("WildDns:Control:Token");
        File.Exists(Path.Combine(data.Path, "control.token")).Should().BeFalse();
    }

    [Theory]
    [InlineData("a comma-separated string", "WildDns:Control:Listen", "127.0.0.1, 0.0.0.0")]
    [InlineData("a list, as from a JSON array or repeated switches", "WildDns:Control:Listen:0", "127.0.0.1", "WildDns:Control:Listen:1", "0.0.0.0")]
    public async Task Any_address_beyond_loopback_makes_the_token_required(string scenario, params string[] keysAndValues)
    {
        using var data = new TemporaryDirectory();
        var settings = new Dictionary<string, string?> { ["WildDns:Control:Token"] = null };
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            settings[keysAndValues[i]] = keysAndValues[i + 1];
        }

        var start = () => ControlPlaneHost.StartAsync(data.Path, settings: settings);

        (await start.Should().ThrowAsync<OptionsValidationException>(scenario)).Which.Message.Should().Contain("WildDns:Control:Token");
    }

    [Theory]
    [InlineData("listen address", "WildDns:Control:Listen", "localhost", "WildDns:Control:Listen")]
    [InlineData("port", "WildDns:Control:Port", "70000", "WildDns:Control:Port")]
    [InlineData("short token", "WildDns:Control:Token", "short", "WildDns:Control:Token")]
    [InlineData("client CA without certificate", "WildDns:Control:ClientCa", "/etc/hostname", "WildDns:Control:Certificate")]
    [InlineData("lifetime in bare seconds", "WildDns:Challenges:Lifetime", "3600", "WildDns:Challenges:Lifetime")]
    [InlineData("zero lifetime", "WildDns:Challenges:Lifetime", "00:00:00", "WildDns:Challenges:Lifetime")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_its_key(string scenario, string key, string value, string named)
    {
        using var data = new TemporaryDirectory();

        var start = () => ControlPlaneHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { [key] = value });

        (await start.Should().ThrowAsync<OptionsValidationException>(scenario)).Which.Message.Should().Contain(named);
    }
}
