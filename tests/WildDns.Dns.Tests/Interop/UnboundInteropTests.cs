using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// A real resolver in front of WildDns (issue 3): unbound with a stub zone for cert.example.com, query-name
/// minimisation on, so it walks down label by label and would stop at any NXDOMAIN on the way (RFC 8020, RFC 9156).
/// TTLs are left out of the comparison, since a cache counts them down.
/// </summary>
public sealed class UnboundInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ResolvesAnIPv4Name()
    {
        var (response, log) = await ResolveAsync(InteropNames.IPv4, RecordType.A);

        response.ReturnCode.Should().Be(ReturnCode.NoError, log);
        WithoutTtl(RecordText.FromMessage(response.AnswerRecords)).Should().Equal(WithoutTtl(RecordText.FromZoneFile([InteropNames.IPv4Record])), log);
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ResolvesAnIPv6Name()
    {
        var (response, log) = await ResolveAsync(InteropNames.IPv6, RecordType.Aaaa);

        response.ReturnCode.Should().Be(ReturnCode.NoError, log);
        WithoutTtl(RecordText.FromMessage(response.AnswerRecords)).Should().Equal(WithoutTtl(RecordText.FromZoneFile([InteropNames.IPv6Record])), log);
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ResolvesAnAliasName_ThroughTheCname()
    {
        var (response, log) = await ResolveAsync(InteropNames.Alias, RecordType.A);

        response.ReturnCode.Should().Be(ReturnCode.NoError, log);
        WithoutTtl(RecordText.FromMessage(response.AnswerRecords))
            .Should().Equal(WithoutTtl(RecordText.FromZoneFile([InteropNames.AliasRecord, InteropNames.AliasTargetRecord])), log);
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ReturnsNxDomain_ForAnInvalidName()
    {
        var (response, log) = await ResolveAsync(InteropNames.Invalid, RecordType.A);

        response.ReturnCode.Should().Be(ReturnCode.NxDomain, log);
        response.AnswerRecords.Should().BeEmpty(log);
    }

    [ToolFact("unbound", "unbound")]
    public async Task Unbound_ResolvesAPublishedChallenge()
    {
        var (response, log) = await ResolveAsync(PublishedChallenges.TableName, RecordType.Txt);

        response.ReturnCode.Should().Be(ReturnCode.NoError, log);
        response.AnswerRecords.OfType<TxtRecord>().Should().HaveCount(2, log);
    }

    private static string[] WithoutTtl(IEnumerable<string> records) =>
        records.Select(record => record.Split(' ')).Select(words => string.Join(' ', words.Take(1).Concat(words.Skip(2)))).ToArray();

    private async Task<(DnsMessage Response, string Log)> ResolveAsync(string name, RecordType type)
    {
        var unbound = await fixture.UnboundAsync();
        var query = new DnsMessage { IsRecursionDesired = true, IsEDnsEnabled = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        var response = await DnsExchange.QueryAsync(unbound.Endpoint, DnsTransport.Udp, query);
        return (response, $"unbound said:\n{unbound.Log}");
    }
}
