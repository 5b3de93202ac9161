using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Stock ACME clients issue a certificate from pebble through WildDns with nothing of ours on their side: they publish
/// the DNS-01 values with RFC 2136 UPDATE signed with TSIG, pebble looks them up at WildDns, and the clients delete them.
/// </summary>
public sealed class Rfc2136IssuanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string KeyName = "acme-key";

    private static readonly string[] Domains = ["*.cald5f5f7ba45.cert.example.com", "*.cald5f5f7ba45.cname.cert.example.com"];

    private static readonly TimeSpan IssueTimeout = TimeSpan.FromSeconds(180);

    private readonly string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private ServerProcess? server;
    private PebbleServer? pebble;

    public async Task InitializeAsync()
    {
        server = await ServerProcess.StartAsync(extraArguments: ["--tsig-key", $"{KeyName}:hmac-sha256:{secret}"]);
        pebble = await PebbleServer.StartAsync(server.DnsEndpoint);
    }

    public async Task DisposeAsync()
    {
        if (pebble is not null)
        {
            output.WriteLine("pebble:\n" + pebble.Output);
            await pebble.DisposeAsync();
        }

        if (server is not null)
        {
            output.WriteLine("wilddns:\n" + server.Output);
            await server.DisposeAsync();
        }
    }

    [RequiresToolsFact("pebble", "lego")]
    public async Task Lego_with_its_rfc2136_provider_issues_one_certificate_for_both_wildcards_and_leaves_no_challenge_behind()
    {
        var environment = new Dictionary<string, string?>
        {
            ["RFC2136_NAMESERVER"] = server!.DnsEndpoint.ToString(),
            ["RFC2136_TSIG_KEY"] = KeyName,
            ["RFC2136_TSIG_SECRET"] = secret,
            ["RFC2136_TSIG_ALGORITHM"] = "hmac-sha256.",
            ["RFC2136_SEQUENCE_INTERVAL"] = "1",
            ["RFC2136_PROPAGATION_TIMEOUT"] = "60",
            ["RFC2136_POLLING_INTERVAL"] = "1",
        };

        var run = await LegoClient.RunAsync(pebble!, server.DnsEndpoint, "rfc2136", environment, Domains, IssueTimeout);
        try
        {
            output.WriteLine(run.Process.Output);
            run.Succeeded.Should().BeTrue(run.Process.Output);
            using var certificate = run.LoadCertificate(Domains[0]);
            NamesOf(certificate).Should().BeEquivalentTo(Domains);
            await ShouldHaveNoChallengesLeftAsync();
        }
        finally
        {
            Directory.Delete(run.Path, recursive: true);
        }
    }

    [RequiresToolsFact("pebble", "certbot")]
    public async Task Certbot_with_its_rfc2136_plugin_issues_one_certificate_for_both_wildcards_and_leaves_no_challenge_behind()
    {
        using var run = await Rfc2136Certbot.RunAsync(pebble!, server!.DnsEndpoint, KeyName, secret, Domains, IssueTimeout);

        output.WriteLine(run.Process.Output);
        run.Process.ExitCode.Should().Be(0, run.Process.Output);
        using var certificate = run.LoadCertificate();
        NamesOf(certificate).Should().BeEquivalentTo(Domains);
        await ShouldHaveNoChallengesLeftAsync();
    }

    private static IEnumerable<string> NamesOf(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();

    /// <summary>Both challenge names answer NODATA, and the store behind gRPC and UPDATE holds nothing.</summary>
    private async Task ShouldHaveNoChallengesLeftAsync()
    {
        foreach (var domain in Domains)
        {
            var name = "_acme-challenge." + domain[2..];
            var response = await DnsProbe.QueryAsync(server!.DnsEndpoint, name, RecordType.Txt);
            response.ReturnCode.Should().Be(ReturnCode.NoError, name);
            response.AnswerRecords.Should().BeEmpty(name);
        }

        using var client = server!.CreateClient();
        (await client.ListAsync()).Should().BeEmpty();
    }
}
