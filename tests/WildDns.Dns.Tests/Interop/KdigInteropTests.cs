using FluentAssertions;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Knot's kdig straight at WildDns over UDP and TCP. It gets +noidn: its IDNA check refuses labels with "--" at
/// positions 3–4 (db--hospital--com) or a leading "-", both of which encoded names may hold.
/// </summary>
public sealed class KdigInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    public static TheoryData<DnsTransport> Transports() => [DnsTransport.Udp, DnsTransport.Tcp];

    public static TheoryData<string, DnsTransport, string, string, string> PositiveAnswers()
    {
        var rows = new (string Case, string Name, string Type, string Records)[]
        {
            ("IPv4 name", InteropNames.IPv4, "A", InteropNames.IPv4Record),
            ("IPv6 name", InteropNames.IPv6, "AAAA", InteropNames.IPv6Record),
            ("alias name whose target is in a served zone: CNAME and the target's A (RFC 1034 §4.3.2)", InteropNames.Alias, "A", $"{InteropNames.AliasRecord}\n{InteropNames.AliasTargetRecord}"),
            ("alias name whose target is in a served zone, AAAA: the CNAME alone (the target has none)", InteropNames.Alias, "AAAA", InteropNames.AliasRecord),
            ("alias whose label strict IDNA refuses", InteropNames.IdnaHostileAlias, "AAAA", InteropNames.IdnaHostileAliasRecord),
        };
        var data = new TheoryData<string, DnsTransport, string, string, string>();
        foreach (var row in rows)
        {
            foreach (var transport in new[] { DnsTransport.Udp, DnsTransport.Tcp })
            {
                data.Add(row.Case, transport, row.Name, row.Type, row.Records);
            }
        }

        return data;
    }

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(PositiveAnswers))]
    public async Task Kdig_GetsTheAuthoritativeAnswer(string caseName, DnsTransport transport, string name, string type, string records)
    {
        var output = await DigAsync(transport, name, type);

        output.Status.Should().Be("NOERROR", caseName);
        output.Flags.Should().Contain("aa").And.NotContain("ra");
        output.Answer.Should().Equal(records.Split('\n'), caseName);
    }

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(Transports))]
    public async Task Kdig_GetsNxDomainWithTheSoa_ForAnInvalidName(DnsTransport transport)
    {
        var output = await DigAsync(transport, InteropNames.Invalid, "A");

        output.Status.Should().Be("NXDOMAIN");
        output.Flags.Should().Contain("aa");
        output.Answer.Should().BeEmpty();
        output.Authority.Should().Equal(InteropNames.NegativeSoa);
    }

    private async Task<DigOutput> DigAsync(DnsTransport transport, string name, string type)
    {
        var kdig = ExternalTool.Require("kdig", "knot-dnsutils");
        var server = fixture.Server.Endpoint;
        string[] arguments =
        [
            $"@{server.Address}", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "+noidn", "+timeout=3", "+retry=1", transport == DnsTransport.Tcp ? "+tcp" : "+notcp", name, type,
        ];
        await using var run = await ChildProcess.RunAsync(kdig, arguments, TimeSpan.FromSeconds(20));
        run.ExitCode.Should().Be(0, run.Output);
        return DigOutput.Parse(run.Stdout);
    }
}
