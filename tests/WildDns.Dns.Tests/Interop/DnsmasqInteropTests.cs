using FluentAssertions;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// dnsmasq (and so Pi-hole) in front of WildDns with the README's line: it forwards and passes a CNAME on without
/// following it, so an alias resolves to an address behind it only because WildDns puts the in-zone target's records in
/// the same answer (RFC 1034 §4.3.2); an alias whose target is in no served zone stays a bare CNAME, as the README warns.
/// </summary>
public sealed class DnsmasqInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    public static TheoryData<string, string, string, string> Resolvable() => InteropNames.Resolvable();

    [ToolTheory("dnsmasq", "dnsmasq")]
    [MemberData(nameof(Resolvable))]
    public async Task Dnsmasq_WithTheReadmeSnippet_PassesOnEveryKindOfName(string caseName, string name, string type, string records)
    {
        var dnsmasq = await fixture.DnsmasqAsync();

        var response = await ResolverAnswers.AskAsync(dnsmasq.Endpoint, name, type);

        ResolverAnswers.Check(response, caseName, records, $"dnsmasq said:\n{dnsmasq.Log}");
    }

    [ToolFact("dnsmasq", "dnsmasq")]
    public async Task Dnsmasq_PassesOnABareCname_WhenTheTargetIsInNoServedZone()
    {
        var dnsmasq = await fixture.DnsmasqAsync();

        var response = await ResolverAnswers.AskAsync(dnsmasq.Endpoint, InteropNames.IdnaHostileAlias, "A");

        ResolverAnswers.Check(response, "alias to db.hospital.com.", InteropNames.IdnaHostileAliasRecord, $"dnsmasq said:\n{dnsmasq.Log}");
    }
}
