using System.Security.Cryptography;
using System.Text;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Tests.Harness;
using WildDns.Tests.Operations;
using WildDns.Tests.Updates;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Requests whose answering fails inside the real server: the failure becomes SERVFAIL (or TC), is logged and counted,
/// and the process goes on serving. Before, the UDP receive thread died with the exception and took the process with it.
/// </summary>
public sealed class ContainedFailureTests
{
    private const string BigName = "big.cert.example.com";

    [Fact]
    public async Task A_very_large_rrset_is_truncated_over_udp_and_fits_or_fails_over_tcp_and_the_server_keeps_serving()
    {
        var zones = Directory.CreateTempSubdirectory("wilddns-bigset-");
        try
        {
            // 300 TXT records of 250 bytes: about 78 KB, more than any DNS message may hold.
            var text = new StringBuilder(await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.ZonesDirectory, "cert.example.com.zone")));
            for (var i = 0; i < 300; i++)
            {
                text.Append(Record(i)).Append('\n');
            }

            await File.WriteAllTextAsync(Path.Combine(zones.FullName, "cert.example.com.zone"), text.ToString());
            await using var server = await ServerProcess.StartAsync(extraArguments: ["--zones", zones.FullName]);

            var overUdp = await DnsExchange.UdpAsync(server.DnsEndpoint, RawQuery.Build(0x4242, BigName, 16));
            var overTcp = await DnsExchange.TcpAsync(server.DnsEndpoint, RawQuery.Build(0x4343, BigName, 16));

            (overUdp[2] & 0x02).Should().NotBe(0, "an answer that cannot fit is truncated (TC), so the resolver retries over TCP");
            overUdp.Length.Should().BeLessThanOrEqualTo(512);
            RawQuery.ResponseCodeOf(overTcp).Should().BeOneOf(0, 2);
            (await DnsProbe.QueryAsync(server.DnsEndpoint, ServerProcess.Zone, RecordType.Soa)).ReturnCode.Should().Be(ReturnCode.NoError);
            server.IsRunning.Should().BeTrue(server.Output);
        }
        finally
        {
            zones.Delete(recursive: true);
        }

        static string Record(int i) => $"big IN TXT \"{i:D3}{new string('x', 246)}\"";
    }

    [RequiresRootFact("mount a small tmpfs to fill")]
    public async Task An_update_the_store_cannot_write_on_a_full_disk_gets_servfail_over_udp_and_tcp_and_the_server_keeps_serving()
    {
        await using var disk = await SmallDisk.MountAsync();
        var secret = RandomNumberGenerator.GetBytes(32);
        await using var server = await ServerProcess.StartAsync(
            dataDirectory: disk.Path,
            extraArguments: ["--tsig-key", $"acme-key:hmac-sha256:{Convert.ToBase64String(secret)}"]);
        disk.Fill();

        // SQLite may still have room in pages it holds; a failure comes once a write needs a new one.
        var codes = new List<int>();
        for (var attempt = 0; attempt < 200 && !codes.Contains(2); attempt++)
        {
            var response = await DnsExchange.UdpAsync(server.DnsEndpoint, SignedAdd(secret, (ushort)attempt));
            codes.Add(RawQuery.ResponseCodeOf(response));
        }

        codes.Should().Contain(2, "a write that fails is SERVFAIL");
        var udpFlood = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            udpFlood.Add(RawQuery.ResponseCodeOf(await DnsExchange.UdpAsync(server.DnsEndpoint, SignedAdd(secret, (ushort)(1000 + i)))));
        }

        var overTcp = await DnsExchange.TcpAsync(server.DnsEndpoint, SignedAdd(secret, 2000));

        udpFlood.Should().AllSatisfy(code => code.Should().Be(2));
        RawQuery.ResponseCodeOf(overTcp).Should().Be(2, "over TCP the UPDATE gets an answer, not a closed connection");
        (await DnsProbe.QueryAsync(server.DnsEndpoint, ServerProcess.Zone, RecordType.Soa)).ReturnCode.Should().Be(ReturnCode.NoError);
        server.IsRunning.Should().BeTrue(server.Output);

        // Logged, but not once per request: a flood of one failure gives a line and a count, not a line each.
        await Task.Delay(500);
        var lines = server.Output.Split('\n').Count(line => line.Contains("failed while answering", StringComparison.Ordinal));
        lines.Should().BeInRange(1, 3, server.Output);
    }

    private static byte[] SignedAdd(byte[] secret, ushort id)
    {
        var name = UpdateServerFixture.NewChallengeName();
        var update = UpdateWire.AddTxt(id, ServerProcess.Zone, name, AcmeDigest.New(), edns: false);
        return UpdateWire.Sign(update, "acme-key", secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Message;
    }
}
