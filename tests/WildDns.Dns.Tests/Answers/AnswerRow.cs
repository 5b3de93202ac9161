using ARSoft.Tools.Net.Dns;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// One row of answer-table.md: a question and the response it must get, each record as zone-file text.
/// </summary>
internal sealed record AnswerRow(
    string Case,
    string Name,
    RecordType Type,
    RecordClass Class,
    ReturnCode ReturnCode,
    IReadOnlyList<string> Answer,
    IReadOnlyList<string> Authority,
    IReadOnlyList<string> Additional)
{
    public override string ToString() => Case;
}
