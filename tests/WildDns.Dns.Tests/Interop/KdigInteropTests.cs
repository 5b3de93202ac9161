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

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(Transports))]
    public async Task Kdig_GetsAnIPv4Name(DnsTransport transport)
    {
        var output = await DigAsync(transport, InteropNames.IPv4, "A");

        output.Status.Should().Be("NOERROR");
        output.Flags.Should().Contain("aa").And.NotContain("ra");
        output.Answer.Should().Equal(InteropNames.IPv4Record);
    }

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(Transports))]
    public async Task Kdig_GetsAnIPv6Name(DnsTransport transport)
    {
        var output = await DigAsync(transport, InteropNames.IPv6, "AAAA");

        output.Status.Should().Be("NOERROR");
        output.Answer.Should().Equal(InteropNames.IPv6Record);
    }

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(Transports))]
    public async Task Kdig_GetsAnAliasName(DnsTransport transport)
    {
        var output = await DigAsync(transport, InteropNames.Alias, "A");

        output.Status.Should().Be("NOERROR");
        output.Answer.Should().Equal(InteropNames.AliasRecord);
    }

    [ToolTheory("kdig", "knot-dnsutils")]
    [MemberData(nameof(Transports))]
    public async Task Kdig_GetsAnAliasWhoseLabelStrictIdnaRefuses(DnsTransport transport)
    {
        var output = await DigAsync(transport, InteropNames.IdnaHostileAlias, "AAAA");

        output.Status.Should().Be("NOERROR");
        output.Answer.Should().Equal(InteropNames.IdnaHostileAliasRecord);
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
        var (exitCode, output) = await ExternalTool.RunAsync(kdig, arguments, TimeSpan.FromSeconds(20));
        exitCode.Should().Be(0, output);
        return DigOutput.Parse(output);
    }
}
