using FluentAssertions;
using WildDns.Testing;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Hosting;

/// <summary>
/// Every start that cannot go on ends, through the real server process, with one line on standard error naming what is
/// wrong and a non-zero exit: no abort, no stack trace.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("wilddns-start-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_damaged_page_in_the_challenge_database_is_one_line_and_exit_1()
    {
        var data = await DataDirectoryWithValuesAsync();
        var file = Path.Combine(data, "challenges.db");
        var bytes = await File.ReadAllBytesAsync(file);
        var pageSize = (bytes[16] << 8) | bytes[17];
        for (var i = pageSize; i < 2 * pageSize; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        await File.WriteAllBytesAsync(file, bytes);

        await ExpectOneLineFailureAsync(data, [], 1, $"The challenge database {file} is damaged");
    }

    [Fact]
    public async Task A_control_token_file_that_cannot_be_read_is_one_line_and_exit_1()
    {
        // Root reads any file whatever its mode, so the token file is made unreadable as a directory instead.
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(Path.Combine(data, "control.token"));

        await ExpectOneLineFailureAsync(data, [], 1, $"control token file {Path.Combine(data, "control.token")}");
    }

    [Fact]
    public async Task A_configured_token_file_that_cannot_be_read_is_one_line_and_exit_1()
    {
        var data = Path.Combine(root, "data");
        var tokenFile = Path.Combine(root, "registrar.token");
        Directory.CreateDirectory(tokenFile);

        await ExpectOneLineFailureAsync(data, ["--WildDns:Control:Tokens:0:TokenFile", tokenFile], 2, "WildDns:Control:Tokens:0:TokenFile");
    }

    [RequiresRootFact("mount a read-only tmpfs")]
    public async Task A_data_directory_that_cannot_be_made_on_a_read_only_filesystem_is_one_line_and_exit_1()
    {
        var mountPoint = Path.Combine(root, "read-only");
        Directory.CreateDirectory(mountPoint);
        var mount = await ChildProcess.RunAsync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mountPoint], TimeSpan.FromSeconds(30));
        mount.ExitCode.Should().Be(0, "the test mounts a read-only tmpfs (it needs root): " + mount.Output);
        try
        {
            var data = Path.Combine(mountPoint, "data");

            await ExpectOneLineFailureAsync(data, [], 1, $"Cannot create the data directory {data} (WildDns:DataDirectory): Read-only file system");
        }
        finally
        {
            await ChildProcess.RunAsync("umount", [mountPoint], TimeSpan.FromSeconds(30));
        }
    }

    [Theory]
    [InlineData("an IPv4 loopback address written as IPv6", "::ffff:127.0.0.1", "write it as 127.0.0.1")]
    [InlineData("beyond loopback without TLS", "0.0.0.0", "WildDns:Control:Certificate is required")]
    public async Task A_control_listen_address_that_cannot_be_served_is_one_line_and_exit_2(string scenario, string listen, string message)
    {
        var data = Path.Combine(root, "data");
        var tokenFile = Path.Combine(root, "token");
        await File.WriteAllTextAsync(tokenFile, "a-token-of-sixteen-or-more\n");

        await ExpectOneLineFailureAsync(
            data, ["--WildDns:Control:Listen", listen, "--WildDns:Control:TokenFile", tokenFile], 2, message, scenario);
    }

    /// <summary>A data directory in which a real server published three values and stopped cleanly.</summary>
    private async Task<string> DataDirectoryWithValuesAsync()
    {
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        await using var server = await ServerProcess.StartAsync(data);
        using (var client = server.CreateClient())
        {
            for (var i = 0; i < 3; i++)
            {
                await client.PublishAsync($"_acme-challenge.abc{i}.cert.example.com", AcmeDigest.New());
            }
        }

        (await server.StopAsync()).Should().Be(0);
        return data;
    }

    private static async Task ExpectOneLineFailureAsync(string data, string[] arguments, int exitCode, string message, string? scenario = null)
    {
        await using var run = await ServerProcess.RunToExitAsync(data, arguments);

        run.ExitCode.Should().Be(exitCode, scenario + run.Output);
        run.Stderr.Trim().Split('\n').Should().ContainSingle(scenario + run.Output).Which.Should().StartWith("wilddns: ").And.Contain(message);
        run.Output.Should().NotContain("   at ", "no stack trace").And.NotContain("Unhandled exception");
    }
}
