using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// SPEC §3, no lying NXDOMAIN (RFC 8020): every ancestor of a name in the answer table that has records answers
/// NOERROR, up to the zone apex, so that a resolver minimising query names (RFC 9156) reaches the name.
/// </summary>
public sealed class AncestorTests
{
    private readonly AnswerEngine engine = new(ShippedZones.Load(), new AnswerOptions(), new PublishedChallenges());

    public static TheoryData<string> PositiveRows()
    {
        var rows = new TheoryData<string>();
        foreach (var row in AnswerTable.Rows.Where(row => row.Answer.Count > 0 && row.Class == RecordClass.INet))
        {
            rows.Add(row.Case);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(PositiveRows))]
    public void EveryAncestorOfANameWithRecords_AnswersNoError(string row)
    {
        var name = AnswerTable.Find(row).Name.TrimEnd('.');
        var response = new byte[AnswerEngine.ResponseBufferSize];

        for (var ancestor = name; ancestor.Contains('.', StringComparison.Ordinal) && ancestor.Length >= "cert.example.com".Length; ancestor = ancestor[(ancestor.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            // Unbound and BIND minimise with qtype A; others use NS. Both must find the name there.
            foreach (var type in new ushort[] { 1, 2 })
            {
                var length = engine.Answer(new QueryBuilder(ancestor, type).Build(), response, overTcp: false).Length;
                var header = ResponseHeader.Read(response.AsSpan(0, length));
                header.ResponseCode.Should().Be(0, $"{ancestor} (type {type}) is an ancestor of {name}");
                header.Authoritative.Should().BeTrue();
            }
        }
    }
}
