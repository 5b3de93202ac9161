using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// A real resolver in front of WildDns (issues 3 and 15): Debian's unbound with the README's snippet, DNSSEC validation on
/// with Debian's root trust anchor, and query-name minimisation on, so it walks down label by label and would stop at
/// any NXDOMAIN on the way (RFC 8020, RFC 9156). TTLs are left out of the comparison, since a cache counts them down.
/// </summary>
public sealed class UnboundInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    public static TheoryData<string, string, string, string> Resolvable() => InteropNames.Resolvable();

    [ToolTheory("unbound", "unbound")]
    [MemberData(nameof(Resolvable))]
    public async Task Unbound_WithTheReadmeSnippetAndValidationOn_ResolvesEveryKindOfName(string caseName, string name, string type, string records)
    {
        var unbound = await fixture.UnboundAsync();

        var response = await ResolverAnswers.AskAsync(unbound.Endpoint, name, type);

        ResolverAnswers.Check(response, caseName, records, $"unbound said:\n{unbound.Log}");
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ReturnsNxDomain_ForAnInvalidName()
    {
        var unbound = await fixture.UnboundAsync();

        var response = await ResolverAnswers.AskAsync(unbound.Endpoint, InteropNames.Invalid, "A");

        response.ReturnCode.Should().Be(ReturnCode.NxDomain, unbound.Log);
        response.AnswerRecords.Should().BeEmpty(unbound.Log);
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_WithoutDomainInsecure_FailsToValidate_SoTheSnippetNeedsIt()
    {
        var snippet = ReadmeSnippet.Read("unbound", fixture.Server.Endpoint);
        var withoutExemption = string.Join('\n', snippet.Split('\n').Where(line => !line.TrimStart().StartsWith("domain-insecure:", StringComparison.Ordinal)));
        withoutExemption.Should().NotBe(snippet, "the README's snippet exempts the zone with domain-insecure");
        await using var unbound = await UnboundResolver.StartAsync(withoutExemption, fixture.Server.Endpoint);

        var response = await ResolverAnswers.AskAsync(unbound.Endpoint, InteropNames.IPv4, "A");

        response.ReturnCode.Should().Be(ReturnCode.ServerFailure, "validation is on and no chain of trust reaches the zone; unbound said:\n" + unbound.Log);
    }
}
