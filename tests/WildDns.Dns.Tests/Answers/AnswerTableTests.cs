using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// SPEC §3, row by row from answer-table.md (the README's table), asked of the real server over UDP and TCP with
/// ARSoft.Tools.Net's client: the rcode, every section as zone-file text, the question echoed as sent, AA set on
/// every answer from the zone, RD copied and RA clear.
/// </summary>
public sealed class AnswerTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<TableCase> Cases()
    {
        var cases = new TheoryData<TableCase>();
        foreach (var row in AnswerTable.Rows)
        {
            cases.Add(new TableCase(row.Case, DnsTransport.Udp));
            cases.Add(new TableCase(row.Case, DnsTransport.Tcp));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Server_AnswersEachTableRow_AsTheTableSays(TableCase tableCase)
    {
        var expected = AnswerTable.Find(tableCase.Row);

        var response = await AskAsync(expected, tableCase.Transport);

        response.ReturnCode.Should().Be(expected.ReturnCode);
        response.Questions.Should().ContainSingle();
        response.Questions[0].Name.ToString().Should().Be(expected.Name.TrimEnd('.') + ".", "the question is echoed with the sender's letter case");
        response.Questions[0].RecordType.Should().Be(expected.Type);
        response.Questions[0].RecordClass.Should().Be(expected.Class);
        response.IsAuthoritiveAnswer.Should().Be(expected.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain, "answers from a served zone are authoritative; REFUSED is not");
        response.IsRecursionDesired.Should().BeTrue("RD is copied from the query");
        response.IsRecursionAllowed.Should().BeFalse("an authoritative server offers no recursion");
        response.IsTruncated.Should().BeFalse();
        RecordText.FromMessage(response.AnswerRecords).Should().Equal(RecordText.FromZoneFile(expected.Answer), "the answer section");
        RecordText.FromMessage(response.AuthorityRecords).Should().Equal(RecordText.FromZoneFile(expected.Authority), "the authority section");
        RecordText.FromMessage(response.AdditionalRecords).Should().Equal(RecordText.FromZoneFile(expected.Additional), "the additional section");
    }

    [Fact]
    public void Table_HasRowsForEveryKindOfAnswer()
    {
        AnswerTable.Rows.Select(row => row.ReturnCode).Distinct().Should().BeEquivalentTo([ReturnCode.NoError, ReturnCode.NxDomain, ReturnCode.Refused]);
        AnswerTable.Rows.Should().Contain(row => row.Answer.Count == 0 && row.ReturnCode == ReturnCode.NoError, "NODATA rows");
    }

    private async Task<DnsMessage> AskAsync(AnswerRow row, DnsTransport transport)
    {
        if (transport == DnsTransport.Udp && row.Type == RecordType.Any)
        {
            // ARSoft's client will not put qtype ANY on UDP, so that one goes out through a plain socket.
            var query = new QueryBuilder(row.Name, (ushort)row.Type) { Class = (ushort)row.Class, Edns = new EdnsSettings() }.Build();
            return await DnsExchange.ExchangeAsync(fixture.Server.Endpoint, transport, query);
        }

        var message = new DnsMessage { IsRecursionDesired = true, IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(row.Name), row.Type, row.Class));
        return await DnsExchange.QueryAsync(fixture.Server.Endpoint, transport, message);
    }
}
