using FluentAssertions;
using Grpc.Core;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Service;

/// <summary>SPEC §5 through the real gRPC endpoint on a loopback port.</summary>
public sealed class ChallengeControlServiceTests : IAsyncLifetime
{
    private const string Name = "_acme-challenge.cald5f5f7ba45.cert.example.com";
    private const string AliasName = "_acme-challenge.cald5f5f7ba45.cname.cert.example.com";

    private static readonly string First = Digests.Of("first");
    private static readonly string Second = Digests.Of("second");

    private readonly TemporaryDirectory data = new();
    private ControlPlaneHost host = null!;

    public async Task InitializeAsync() => host = await ControlPlaneHost.StartAsync(data.Path);

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Several_values_at_one_name_are_all_answered_in_publishing_order()
    {
        using var client = host.Client();

        await client.PublishAsync(Name, First);
        await client.PublishAsync(Name, Second);

        host.Reader.Find(Name).ToArray().Should().Equal(First, Second);
        (await client.ListAsync()).Select(entry => (entry.Name, entry.Value)).Should().Equal((Name, First), (Name, Second));
    }

    [Fact]
    public async Task A_published_value_is_answered_before_the_call_returns()
    {
        using var client = host.Client();

        await client.PublishAsync(Name, First);

        host.Reader.Find(Name).ToArray().Should().Equal(First);
    }

    [Fact]
    public async Task Publishing_a_value_twice_keeps_one_copy_and_restarts_its_lifetime()
    {
        using var client = host.Client();
        var first = await client.PublishAsync(Name, First);
        host.Time.Advance(TimeSpan.FromMinutes(30));

        var again = await client.PublishAsync(Name, First);

        first.Refreshed.Should().BeFalse();
        again.Refreshed.Should().BeTrue();
        again.ExpiresAt.Should().Be(first.ExpiresAt + TimeSpan.FromMinutes(30));
        host.Reader.Find(Name).ToArray().Should().Equal(First);
        host.Time.Advance(TimeSpan.FromMinutes(45));
        host.Reader.Find(Name).ToArray().Should().Equal([First], "the refresh moved the expiry to 90 minutes after the first publish");
    }

    [Fact]
    public async Task Published_values_are_answered_again_after_the_server_restarts_on_the_same_data_directory()
    {
        using (var client = host.Client())
        {
            await client.PublishAsync(Name, First);
            await client.PublishAsync(Name, Second);
            await client.PublishAsync(AliasName, First);
        }

        await host.DisposeAsync();
        host = await ControlPlaneHost.StartAsync(data.Path);

        host.Reader.Find(Name).ToArray().Should().Equal(First, Second);
        host.Reader.Find(AliasName).ToArray().Should().Equal(First);
        using var restarted = host.Client();
        (await restarted.ListAsync()).Should().HaveCount(3);
    }

    [Fact]
    public async Task Names_are_matched_without_regard_to_case_or_the_root_dot()
    {
        using var client = host.Client();

        await client.PublishAsync("_ACME-Challenge.CALD5F5F7BA45.Cert.Example.Com.", First);

        host.Reader.Find(Name).ToArray().Should().Equal(First);
        (await client.ListAsync()).Single().Name.Should().Be(Name);
    }

    [Fact]
    public async Task Removing_one_value_leaves_the_others()
    {
        using var client = host.Client();
        await client.PublishAsync(Name, First);
        await client.PublishAsync(Name, Second);

        var removed = await client.RemoveAsync(Name, First);

        removed.Should().BeTrue();
        host.Reader.Find(Name).ToArray().Should().Equal(Second);
    }

    [Fact]
    public async Task Removing_a_value_that_is_not_there_succeeds_and_says_so()
    {
        using var client = host.Client();

        var removed = await client.RemoveAsync(Name, First);

        removed.Should().BeFalse();
    }

    [Fact]
    public async Task Removing_all_values_at_a_name_leaves_other_names_alone()
    {
        using var client = host.Client();
        await client.PublishAsync(Name, First);
        await client.PublishAsync(Name, Second);
        await client.PublishAsync(AliasName, First);

        var removed = await client.RemoveAllAsync(Name);

        removed.Should().Be(2);
        host.Reader.Find(Name).IsEmpty.Should().BeTrue();
        host.Reader.Find(AliasName).ToArray().Should().Equal(First);
    }

    [Fact]
    public async Task Values_expire_on_their_own_after_the_lifetime()
    {
        using var client = host.Client();
        await client.PublishAsync(Name, First);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        await client.PublishAsync(Name, Second);

        host.Time.Advance(TimeSpan.FromMinutes(50));

        host.Reader.Find(Name).ToArray().Should().Equal(Second);
        (await client.ListAsync()).Select(entry => entry.Value).Should().Equal(Second);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        host.Reader.Find(Name).IsEmpty.Should().BeTrue();
        (await client.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task List_under_a_scope_shows_the_names_at_and_below_it()
    {
        using var client = host.Client();
        await client.PublishAsync(Name, First);
        await client.PublishAsync(AliasName, Second);
        await client.PublishAsync("_acme-challenge.other.cert.example.com", First);

        (await client.ListAsync("cald5f5f7ba45.cert.example.com")).Select(entry => entry.Name).Should().Equal(Name);
        (await client.ListAsync("cname.cert.example.com")).Select(entry => entry.Name).Should().Equal(AliasName);
        (await client.ListAsync("cert.example.com")).Should().HaveCount(3);
        (await client.ListAsync("5f7ba45.cert.example.com")).Should().BeEmpty("a scope matches whole labels");
    }

    [Theory]
    [InlineData("publish", "_acme-challenge.cert.example.com")]
    [InlineData("publish, root dot and capitals", "_ACME-CHALLENGE.cert.example.com.")]
    [InlineData("remove", "_acme-challenge.cert.example.com")]
    [InlineData("remove all", "_acme-challenge.cert.example.com")]
    public async Task The_zone_apex_challenge_name_is_refused_with_permission_denied(string operation, string name)
    {
        using var client = host.Client();

        Func<Task> call = operation switch
        {
            "remove" => () => client.RemoveAsync(name, First),
            "remove all" => () => client.RemoveAllAsync(name),
            _ => () => client.PublishAsync(name, First),
        };

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
        host.Store.PublishedCount.Should().Be(0);
    }

    [Theory]
    [InlineData("empty", "", "empty")]
    [InlineData("outside the served zones", "_acme-challenge.abc.example.org", "none of the served zones")]
    [InlineData("no _acme-challenge label", "www.abc.cert.example.com", "not a challenge name")]
    [InlineData("a payload, not _acme-challenge", "192-168-2-1.abc.cert.example.com", "not a challenge name")]
    [InlineData("scope too deep", "_acme-challenge.a1.b2.c3.cert.example.com", "not a challenge name")]
    [InlineData("two type labels", "_acme-challenge.abc.a.cname.cert.example.com", "not a challenge name")]
    [InlineData("type label only", "_acme-challenge.cname.cert.example.com", "not a challenge name")]
    [InlineData("identifier with an underscore", "_acme-challenge.a_b.cert.example.com", "not a challenge name")]
    [InlineData("empty label", "_acme-challenge..cert.example.com", "not a challenge name")]
    [InlineData("challenge label twice", "_acme-challenge._acme-challenge.abc.cert.example.com", "not a challenge name")]
    public async Task A_name_that_cannot_hold_challenges_is_refused_with_invalid_argument(string scenario, string name, string because)
    {
        using var client = host.Client();

        var failure = await client.Invoking(c => c.PublishAsync(name, First)).Should().ThrowAsync<RpcException>(scenario);

        failure.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        failure.Which.Status.Detail.Should().Contain(because);
    }

    [Theory]
    [InlineData("empty", "", "it has 0")]
    [InlineData("one short", "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSI", "it has 42")]
    [InlineData("padded", "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE=", "it has 44")]
    [InlineData("standard base64 alphabet", "LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE", "'+' is not a base64url character")]
    [InlineData("space inside", "LXEWQrcmsEQBYnyp 6wy9chTD7GQPMTbAiWHF5IaSIE", "' ' is not a base64url character")]
    [InlineData("last character carries set padding bits", "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIF", "cannot end")]
    public async Task A_value_that_is_not_a_digest_is_refused_with_invalid_argument(string scenario, string value, string because)
    {
        using var client = host.Client();

        var failure = await client.Invoking(c => c.PublishAsync(Name, value)).Should().ThrowAsync<RpcException>(scenario);

        failure.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        failure.Which.Status.Detail.Should().Contain(because);
        host.Store.PublishedCount.Should().Be(0);
    }

    [Fact]
    public async Task A_name_holding_the_maximum_of_values_refuses_another_with_resource_exhausted()
    {
        using var client = host.Client();
        for (var i = 0; i < host.Store.MaxValuesPerName; i++)
        {
            await client.PublishAsync(Name, Digests.Of($"value {i}"));
        }

        var failure = await client.Invoking(c => c.PublishAsync(Name, First)).Should().ThrowAsync<RpcException>();

        failure.Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        (await client.PublishAsync(Name, Digests.Of("value 0"))).Refreshed.Should().BeTrue("a value already there may still be refreshed");
    }

    [Fact]
    public async Task A_scope_that_is_not_a_domain_name_is_refused_with_invalid_argument()
    {
        using var client = host.Client();

        var failure = await client.Invoking(c => c.ListAsync("abc..cert.example.com")).Should().ThrowAsync<RpcException>();

        failure.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }
}
