using System.Diagnostics;
using System.Security.Cryptography;
using FluentAssertions;
using Grpc.Core;
using WildDns.Testing;
using WildDns.Tests.Harness;
using WildDns.Tests.Updates;
using Xunit;

namespace WildDns.Tests.Hosting;

/// <summary>
/// Least authority and a safe data directory, through the real server: zone-file names refused as challenge names on every
/// path, the global cap on live values over gRPC and UPDATE, a token limited to a scope from the environment, a damaged
/// write-ahead log reported, and an unsafe data directory warned about.
/// </summary>
public sealed class ControlPlaneSafetyTests : IDisposable
{
    // ns1 is a name of the shipped zone file: a value at its challenge name would get a certificate for the nameserver.
    private const string StaticChallengeName = "_acme-challenge.ns1.cert.example.com";

    private readonly string root = Directory.CreateTempSubdirectory("wilddns-safety-").FullName;
    private readonly byte[] keySecret = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("a nameserver's own name", StaticChallengeName)]
    [InlineData("the same name in capitals with the root dot", "_acme-challenge.NS1.cert.example.com.")]
    public async Task A_name_from_the_zone_file_is_refused_over_grpc_and_by_an_unscoped_tsig_key(string scenario, string name)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        var grpc = await client.Invoking(c => c.PublishAsync(name, AcmeDigest.New())).Should().ThrowAsync<RpcException>(scenario);
        var update = await SendUpdateAsync(server, name.TrimEnd('.').ToLowerInvariant());

        grpc.Which.StatusCode.Should().Be(StatusCode.PermissionDenied, scenario);
        grpc.Which.Status.Detail.Should().Contain("zone files");
        update.ResponseCode.Should().Be(5, "REFUSED");
        update.ExtendedErrorText.Should().Contain("zone files");
        (await DnsProbe.TxtAsync(server.DnsEndpoint, StaticChallengeName)).Should().BeEmpty();
    }

    [Fact]
    public async Task Beyond_the_cap_on_live_values_grpc_says_resource_exhausted_and_update_is_refused()
    {
        await using var server = await StartAsync(["--WildDns:Challenges:MaxValues", "2"]);
        using var client = server.CreateClient();
        await client.PublishAsync(UpdateServerFixture.NewChallengeName(), AcmeDigest.New());
        await client.PublishAsync(UpdateServerFixture.NewChallengeName(), AcmeDigest.New());

        var grpc = await client.Invoking(c => c.PublishAsync(UpdateServerFixture.NewChallengeName(), AcmeDigest.New())).Should().ThrowAsync<RpcException>();
        var update = await SendUpdateAsync(server, UpdateServerFixture.NewChallengeName());

        grpc.Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        grpc.Which.Status.Detail.Should().Contain("WildDns:Challenges:MaxValues");
        update.ResponseCode.Should().Be(5, "REFUSED");
        update.ExtendedErrorText.Should().Contain("WildDns:Challenges:MaxValues");
        (await client.ListAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_token_from_a_file_named_in_the_environment_is_limited_to_its_scope()
    {
        var tokenFile = Path.Combine(root, "device.token");
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        await using var server = await ServerProcess.StartAsync(
            DataDirectory(),
            environment: new Dictionary<string, string?>
            {
                ["WildDns__Control__Tokens__0__Name"] = "device abc",
                ["WildDns__Control__Tokens__0__TokenFile"] = tokenFile,
                ["WildDns__Control__Tokens__0__Scopes"] = "abc.cert.example.com",
            });
        using var device = new WildDns.Client.ChallengeClient(server.ControlAddress, token);

        await device.PublishAsync("_acme-challenge.abc.cert.example.com", AcmeDigest.New());
        var outside = await device.Invoking(c => c.PublishAsync("_acme-challenge.def.cert.example.com", AcmeDigest.New())).Should().ThrowAsync<RpcException>();

        outside.Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
        (await DnsProbe.TxtAsync(server.DnsEndpoint, "_acme-challenge.abc.cert.example.com")).Should().HaveCount(1);
        await WaitForOutputAsync(server, "by token device abc from");
        server.Output.Should().NotContain(token);
    }

    [Fact]
    public async Task A_flood_of_refused_calls_writes_a_bounded_number_of_warnings()
    {
        await using var server = await StartAsync();
        using var stranger = new WildDns.Client.ChallengeClient(server.ControlAddress, "not-the-token-of-this-server");

        for (var i = 0; i < 40; i++)
        {
            await stranger.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>();
        }

        using var client = server.CreateClient();
        await client.Invoking(c => c.PublishAsync(StaticChallengeName, AcmeDigest.New())).Should().ThrowAsync<RpcException>();
        await Task.Delay(TimeSpan.FromSeconds(1));

        var lines = server.Output.Split('\n');
        lines.Count(line => line.Contains("Refused control call", StringComparison.Ordinal)).Should().Be(10, server.Output);
        lines.Count(line => line.Contains("Error status code", StringComparison.Ordinal)).Should().Be(0, "gRPC's own line per refusal would undo the bound");
    }

    [Fact]
    public async Task A_damaged_write_ahead_log_after_a_crash_is_reported_and_kept_not_loaded_in_silence()
    {
        var data = DataDirectory();
        await using var server = await ServerProcess.StartAsync(data);
        using (var client = server.CreateClient())
        {
            for (var i = 0; i < 3; i++)
            {
                await client.PublishAsync(UpdateServerFixture.NewChallengeName(), AcmeDigest.New());
            }
        }

        // A crash: no checkpoint, the log stays. Then one byte of the last change's page goes bad.
        using (var process = Process.GetProcessById(server.ProcessId))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var log = Path.Combine(data, "challenges.db-wal");
        var bytes = await File.ReadAllBytesAsync(log);
        bytes[^100] ^= 0xff;
        await File.WriteAllBytesAsync(log, bytes);

        await server.StartAgainAsync();
        using var after = server.CreateClient();

        server.Output.Should().Contain($"The challenge database's write-ahead log {log} is damaged").And.Contain("fails its checksum");
        Directory.GetFiles(data, "challenges.db-wal.damaged-*").Should().ContainSingle();
        (await after.ListAsync()).Count.Should().BeLessThan(3);
    }

    [Fact]
    public async Task A_data_directory_writable_by_everyone_is_warned_about_at_start()
    {
        var data = DataDirectory();
        (await ChildProcess.RunAsync("chmod", ["777", data], TimeSpan.FromSeconds(10))).ExitCode.Should().Be(0);

        await using var server = await ServerProcess.StartAsync(data);

        server.Output.Should().Contain($"The data directory {data} (WildDns:DataDirectory) is writable by its group or by everyone (mode 777)");
    }

    [RequiresRootFact("give a directory to another user")]
    public async Task A_data_directory_owned_by_another_user_is_warned_about_at_start()
    {
        var data = DataDirectory();
        var chown = await ChildProcess.RunAsync("chown", ["12345", data], TimeSpan.FromSeconds(10));
        chown.ExitCode.Should().Be(0, chown.Output);

        await using var server = await ServerProcess.StartAsync(data);

        server.Output.Should().Contain($"The data directory {data} (WildDns:DataDirectory) is owned by user 12345, not by the user the server runs as");
    }

    [Fact]
    public async Task Cleartext_beyond_loopback_when_allowed_is_logged_as_insecure_at_start()
    {
        var tokenFile = Path.Combine(root, "control.token");
        await File.WriteAllTextAsync(tokenFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + "\n");

        await using var server = await ServerProcess.StartAsync(
            DataDirectory(),
            extraArguments: ["--WildDns:Control:Listen", "0.0.0.0", "--WildDns:Control:AllowCleartext", "true", "--WildDns:Control:TokenFile", tokenFile]);

        server.Output.Should().Contain("INSECURE: the control plane listens on 0.0.0.0 without TLS (WildDns:Control:AllowCleartext is true)");
    }

    private async Task<ServerProcess> StartAsync(string[]? arguments = null) => await ServerProcess.StartAsync(
        DataDirectory(),
        extraArguments: ["--WildDns:Tsig:Keys:0", $"acme-key:hmac-sha256:{Convert.ToBase64String(keySecret)}", .. arguments ?? []]);

    /// <summary>The server's data directory, made (as the harness runs the server inside it) and removed with the test's.</summary>
    private string DataDirectory() => Directory.CreateDirectory(Path.Combine(root, "data")).FullName;

    /// <summary>An UPDATE adding a value at <paramref name="name"/>, signed with the unscoped key, over UDP with EDNS.</summary>
    private async Task<UpdateResponse> SendUpdateAsync(ServerProcess server, string name)
    {
        var (request, _) = UpdateWire.Sign(
            UpdateWire.AddTxt(0x5151, ServerProcess.Zone, name, AcmeDigest.New(), edns: true), "acme-key", keySecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return UpdateResponse.Parse(await UpdateWire.ExchangeAsync(server.DnsEndpoint, request));
    }

    private static async Task WaitForOutputAsync(ServerProcess server, string text)
    {
        // A log line reaches the captured output a moment after the call that wrote it returned.
        for (var attempt = 0; attempt < 50 && !server.Output.Contains(text, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
        }

        server.Output.Should().Contain(text);
    }
}
