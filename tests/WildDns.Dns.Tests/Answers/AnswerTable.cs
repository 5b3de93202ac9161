using ARSoft.Tools.Net.Dns;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// Reads answer-table.md, the query → answer table that the README shows: one markdown row per case with columns
/// case | query | type | rcode | answer | authority | additional. Records are zone-file text, several in a cell
/// separated by &lt;br&gt;; a type cell may lead with a class (<c>CH TXT</c>), IN otherwise.
/// </summary>
internal static class AnswerTable
{
    public const string FileName = "answer-table.md";

    private const string RecordSeparator = "<br>";

    public static IReadOnlyList<AnswerRow> Rows { get; } = Read(Path.Combine(AppContext.BaseDirectory, "Answers", FileName));

    public static AnswerRow Find(string caseName) => Rows.Single(row => row.Case == caseName);

    private static AnswerRow[] Read(string path)
    {
        var rows = File.ReadLines(path)
            .Where(line => line.StartsWith('|'))
            .Skip(2)
            .Select(Parse)
            .ToArray();
        var duplicate = rows.GroupBy(row => row.Case).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{FileName}: the case '{duplicate.Key}' appears twice.");
        }

        return rows;
    }

    private static AnswerRow Parse(string line)
    {
        var cells = line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
        if (cells.Length != 7)
        {
            throw new InvalidDataException($"{FileName}: '{line}' has {cells.Length} cells, not 7.");
        }

        var typeWords = cells[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var recordClass = typeWords.Length == 2 ? ParseClass(typeWords[0]) : RecordClass.INet;
        return new AnswerRow(
            cells[0],
            cells[1].Trim('`'),
            Enum.Parse<RecordType>(typeWords[^1], ignoreCase: true),
            recordClass,
            ParseReturnCode(cells[3]),
            Records(cells[4]),
            Records(cells[5]),
            Records(cells[6]));
    }

    private static RecordClass ParseClass(string text) => text switch
    {
        "IN" => RecordClass.INet,
        "CH" => RecordClass.Chaos,
        "HS" => RecordClass.Hesiod,
        "ANY" => RecordClass.Any,
        _ => throw new InvalidDataException($"{FileName}: unknown class '{text}'."),
    };

    private static ReturnCode ParseReturnCode(string text) => text switch
    {
        "NOERROR" => ReturnCode.NoError,
        "FORMERR" => ReturnCode.FormatError,
        "SERVFAIL" => ReturnCode.ServerFailure,
        "NXDOMAIN" => ReturnCode.NxDomain,
        "NOTIMP" => ReturnCode.NotImplemented,
        "REFUSED" => ReturnCode.Refused,
        _ => throw new InvalidDataException($"{FileName}: unknown rcode '{text}'."),
    };

    private static string[] Records(string cell) =>
        cell.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
