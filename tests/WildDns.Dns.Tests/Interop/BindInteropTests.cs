using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// BIND 9 in front of WildDns (issue 15): the README's <c>validate-except</c> and forward zone, with
/// <c>dnssec-validation auto</c> and root hints that reach nothing beyond loopback.
/// </summary>
public sealed class BindInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    public static TheoryData<string, string, string, string> Resolvable() => InteropNames.Resolvable();

    [ToolTheory("named", "bind9")]
    [MemberData(nameof(Resolvable))]
    public async Task Bind_WithTheReadmeSnippetsAndValidationOn_ResolvesEveryKindOfName(string caseName, string name, string type, string records)
    {
        var bind = await fixture.BindAsync();

        var response = await ResolverAnswers.AskAsync(bind.Endpoint, name, type);

        ResolverAnswers.Check(response, caseName, records, $"named said:\n{bind.Log}");
    }

    [ToolFact("named", "bind9")]
    public async Task Bind_ReturnsNxDomain_ForAnInvalidName()
    {
        var bind = await fixture.BindAsync();

        var response = await ResolverAnswers.AskAsync(bind.Endpoint, InteropNames.Invalid, "A");

        response.ReturnCode.Should().Be(ReturnCode.NxDomain, bind.Log);
        response.AnswerRecords.Should().BeEmpty(bind.Log);
    }

    [ToolFact("named", "bind9")]
    public async Task Bind_WithoutValidateExcept_FailsToValidate_SoTheSnippetNeedsIt()
    {
        await using var bind = await BindResolver.StartAsync(fixture.Server.Endpoint, exemptFromValidation: false);

        var response = await ResolverAnswers.AskAsync(bind.Endpoint, InteropNames.IPv4, "A");

        response.ReturnCode.Should().Be(ReturnCode.ServerFailure, "validation is on and no chain of trust reaches the zone; named said:\n" + bind.Log);
    }
}
