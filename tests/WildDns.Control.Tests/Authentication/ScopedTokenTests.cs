using FluentAssertions;
using Grpc.Core;
using WildDns.Client;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Authentication;

/// <summary>
/// Several control-plane tokens, read from files or given as values, each limited to scopes as TSIG keys are: a token
/// publishes, removes and lists only within its scopes, and the others' values stay out of its reach and its sight.
/// </summary>
public sealed class ScopedTokenTests : IAsyncLifetime
{
    private const string DeviceToken = "device-token-0123456789abcdef";
    private const string RegistrarToken = "registrar-token-0123456789abcdef";
    private const string Inside = "_acme-challenge.abc.cert.example.com";
    private const string Below = "_acme-challenge.x.abc.cert.example.com";
    private const string Outside = "_acme-challenge.def.cert.example.com";
    private const string Lookalike = "_acme-challenge.xabc.cert.example.com";

    private readonly TemporaryDirectory data = new();
    private ControlPlaneHost host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(data.Path);
        var deviceTokenFile = Path.Combine(data.Path, "device.token");
        await File.WriteAllTextAsync(deviceTokenFile, DeviceToken + "\n");
        host = await ControlPlaneHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["WildDns:Control:Tokens:0:Name"] = "device abc",
            ["WildDns:Control:Tokens:0:TokenFile"] = deviceTokenFile,
            ["WildDns:Control:Tokens:0:Scopes"] = "abc.cert.example.com",
            ["WildDns:Control:Tokens:1:Name"] = "registrar",
            ["WildDns:Control:Tokens:1:Token"] = RegistrarToken,
            ["WildDns:Control:Tokens:1:Scopes:0"] = "cert.example.com",
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        data.Dispose();
    }

    [Theory]
    [InlineData("the scope's own name", Inside)]
    [InlineData("a name below the scope", Below)]
    public async Task A_scoped_token_publishes_and_removes_within_its_scope(string scenario, string name)
    {
        using var device = host.Client(DeviceToken);

        await device.PublishAsync(name, Digests.Of(scenario));
        host.Reader.Find(name).ToArray().Should().Equal(Digests.Of(scenario));
        (await device.RemoveAsync(name, Digests.Of(scenario))).Should().BeTrue(scenario);
    }

    [Theory]
    [InlineData("another certid", Outside)]
    [InlineData("a certid that ends like the scope", Lookalike)]
    public async Task A_scoped_token_is_refused_outside_its_scope_with_permission_denied(string scenario, string name)
    {
        using var registrar = host.Client(RegistrarToken);
        using var device = host.Client(DeviceToken);
        await registrar.PublishAsync(name, Digests.Of("registrar's"));

        foreach (var attempt in new Func<ChallengeClient, Task>[]
        {
            client => client.PublishAsync(name, Digests.Of(scenario)),
            client => client.RemoveAsync(name, Digests.Of("registrar's")),
            client => client.RemoveAllAsync(name),
        })
        {
            var failure = await device.Invoking(attempt).Should().ThrowAsync<RpcException>(scenario);
            failure.Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
            failure.Which.Status.Detail.Should().Contain("abc.cert.example.com");
        }

        host.Reader.Find(name).ToArray().Should().Equal(Digests.Of("registrar's"));
    }

    [Fact]
    public async Task A_scoped_token_lists_only_the_values_within_its_scope()
    {
        using var registrar = host.Client(RegistrarToken);
        using var device = host.Client(DeviceToken);
        await registrar.PublishAsync(Inside, Digests.Of("inside"));
        await registrar.PublishAsync(Outside, Digests.Of("outside"));
        await registrar.PublishAsync(Lookalike, Digests.Of("lookalike"));

        (await device.ListAsync()).Select(entry => entry.Name).Should().Equal(Inside);
        (await device.ListAsync("cert.example.com")).Select(entry => entry.Name).Should().Equal(Inside);
        (await registrar.ListAsync()).Should().HaveCount(3);
    }

    [Fact]
    public async Task The_token_of_another_server_is_refused_when_several_are_configured()
    {
        using var stranger = host.Client("some-other-token-0123456789");

        var failure = await stranger.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>();

        failure.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
    }
}
