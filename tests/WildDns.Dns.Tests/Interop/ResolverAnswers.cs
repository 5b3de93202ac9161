using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Transport;

namespace WildDns.Dns.Tests.Interop;

/// <summary>Asks a resolver the tests started, and compares its answer with zone-file text, TTLs left out (a cache counts them down).</summary>
internal static class ResolverAnswers
{
    public static async Task<DnsMessage> AskAsync(IPEndPoint resolver, string name, string type)
    {
        var query = new DnsMessage { IsRecursionDesired = true, IsEDnsEnabled = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), Enum.Parse<RecordType>(type, ignoreCase: true), RecordClass.INet));
        return await DnsExchange.QueryAsync(resolver, DnsTransport.Udp, query);
    }

    /// <summary>NOERROR with exactly <paramref name="records"/> (zone-file lines separated by newlines) in the answer, in any order.</summary>
    public static void Check(DnsMessage response, string caseName, string records, string log)
    {
        response.ReturnCode.Should().Be(ReturnCode.NoError, $"{caseName}; {log}");
        WithoutTtl(RecordText.FromMessage(response.AnswerRecords))
            .Should().BeEquivalentTo(WithoutTtl(RecordText.FromZoneFile(records.Split('\n'))), $"{caseName}; {log}");
    }

    private static string[] WithoutTtl(IEnumerable<string> records) =>
        records.Select(record => record.Split(' ')).Select(words => string.Join(' ', words.Take(1).Concat(words.Skip(2)))).ToArray();
}
