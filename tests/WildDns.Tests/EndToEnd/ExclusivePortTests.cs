using System.Globalization;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// A second <c>wilddns serve</c> on a DNS port the first one holds must not start: before, its UDP sockets joined the
/// first one's SO_REUSEPORT group and took about half the queries, answering them without the first one's challenges.
/// </summary>
public sealed class ExclusivePortTests
{
    [Fact]
    public async Task A_second_server_on_a_taken_dns_port_fails_with_one_line_naming_it_and_the_first_keeps_every_query()
    {
        await using var first = await ServerProcess.StartAsync();
        var name = "_acme-challenge.exclusive.cert.example.com";
        var value = AcmeDigest.New();
        using (var client = first.CreateClient())
        {
            await client.PublishAsync(name, value);
        }

        var data = Directory.CreateTempSubdirectory("wilddns-second-");
        try
        {
            await using var second = ChildProcess.Start(
                RepositoryLayout.DotnetHost,
                [
                    RepositoryLayout.WildDnsDll, "serve",
                    "--dns-port", first.DnsPort.ToString(CultureInfo.InvariantCulture),
                    "--listen", "127.0.0.1",
                    "--control-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
                    "--data", data.FullName,
                    "--zones", RepositoryLayout.ZonesDirectory,
                ],
                workingDirectory: data.FullName);
            await second.WaitForExitAsync(TimeSpan.FromSeconds(60));

            second.ExitCode.Should().Be(1, second.Output);
            var errors = second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            errors.Should().ContainSingle(second.Output).Which.Should().Contain($"127.0.0.1:{first.DnsPort}");
            second.Output.Should().NotContain("fail:").And.NotContain("Serving DNS", "the second server never served");
        }
        finally
        {
            data.Delete(recursive: true);
        }

        for (var i = 0; i < 20; i++)
        {
            (await DnsProbe.TxtAsync(first.DnsEndpoint, name)).Should().Equal([value], "query {0} must reach the first server", i);
        }
    }
}
