using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>
/// Issue 15: with <c>WildDns:Control:TokenGroupReadable</c>, as the systemd unit sets it, a hook run as another user in
/// the server's group publishes through <c>wilddns challenge</c> without root; a user outside the group cannot read
/// the token. The server runs as uid/gid 65534, the hook as uid 65533, with and without group 65534.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ControlTokenGroupTests
{
    private const string ServerId = "65534";
    private const string HookId = "65533";
    private const string Name = "_acme-challenge.cald5f5f7ba45.cert.example.com";

    [RootFact]
    public async Task A_hook_in_the_servers_group_reads_the_token_and_one_outside_it_cannot()
    {
        var data = Path.Combine(Path.GetTempPath(), "wilddns-group-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            await using (var chown = await ChildProcess.RunAsync("chown", [$"{ServerId}:{ServerId}", data], TimeSpan.FromSeconds(10)))
            {
                chown.ExitCode.Should().Be(0, chown.Output);
            }

            await using var server = await ServerProcess.StartAsync(
                dataDirectory: data,
                environment: new Dictionary<string, string?> { ["WildDns__Control__TokenGroupReadable"] = "true", ["HOME"] = data },
                launcher: ["setpriv", "--reuid", ServerId, "--regid", ServerId, "--clear-groups"]);
            var value = AcmeDigest.New();

            await using var member = await RunHookAsync(server, ["--groups", ServerId], "publish", Name, value);
            await using var stranger = await RunHookAsync(server, ["--clear-groups"], "list");

            member.ExitCode.Should().Be(0, member.Output);
            (await ListAsync(server)).Should().Contain(entry => entry.Name == Name && entry.Value == value);
            stranger.ExitCode.Should().NotBe(0, stranger.Output);
            stranger.Stderr.Should().Contain("permission denied");
            File.GetUnixFileMode(Path.Combine(data, "control.token")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<WildDns.Client.ChallengeEntry>> ListAsync(ServerProcess server)
    {
        using var client = server.CreateClient();
        return await client.ListAsync();
    }

    /// <summary><c>wilddns challenge ...</c> as uid and gid <see cref="HookId"/> with the given supplementary groups.</summary>
    private static Task<ChildProcess> RunHookAsync(ServerProcess server, string[] groups, params string[] arguments) =>
        ChildProcess.RunAsync(
            "setpriv",
            [
                "--reuid", HookId, "--regid", HookId, .. groups,
                "env", "HOME=/tmp", RepositoryLayout.DotnetHost, RepositoryLayout.WildDnsDll, "challenge", .. arguments,
                "--server", server.ControlAddress.ToString(), "--data", server.DataDirectory,
            ],
            TimeSpan.FromSeconds(60),
            workingDirectory: Path.GetTempPath());
}
