using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace WildDns.Dns.Zones;

/// <summary>
/// Finds the line of a master file a problem is on, for messages: the parser reports what is wrong but not where. It
/// parses ever longer beginnings of the file that end outside parentheses (RFC 1035 §5.1: a record may span lines inside
/// them), by bisection, so a file of n lines costs about log2(n) parses, and only when something is wrong.
/// </summary>
internal static class ZoneFileLines
{
    /// <summary>
    /// The 1-based lines (first and last, which differ for a record in parentheses) of the record at which parsing the file
    /// first fails, or null when no beginning of it fails alone.
    /// </summary>
    public static (int First, int Last)? OfParseError(string origin, string text)
    {
        var (lines, ends) = Split(text);
        var last = First(ends, end => TryParse(origin, lines, end) is null);
        if (last is not { } end)
        {
            return null;
        }

        var index = ends.IndexOf(end);
        return (index == 0 ? 1 : ends[index - 1] + 1, end);
    }

    /// <summary>The 1-based line of the first record that <paramref name="matches"/>, or null.</summary>
    public static int? OfRecord(string origin, string text, Func<DnsRecordBase, bool> matches)
    {
        var (lines, ends) = Split(text);
        return First(ends, end => TryParse(origin, lines, end)?.Any(matches) == true);
    }

    /// <summary>The text of a 1-based line, trimmed, comment included, for quoting it.</summary>
    public static string Text(string text, int line) => text.Split('\n')[line - 1].Trim();

    /// <summary>The smallest end (a line count) for which <paramref name="holds"/>, which stays true for every later end.</summary>
    private static int? First(List<int> ends, Func<int, bool> holds)
    {
        if (ends.Count == 0 || !holds(ends[^1]))
        {
            return null;
        }

        var (low, high) = (0, ends.Count - 1);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (holds(ends[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return ends[low];
    }

    private static Zone? TryParse(string origin, string[] lines, int count)
    {
        var prefix = string.Join('\n', lines, 0, count) + "\n";
        try
        {
            return Zone.ParseMasterFile(DomainName.Parse(origin), new MemoryStream(Encoding.UTF8.GetBytes(prefix)));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or NotSupportedException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The lines, and each line count at whose end no parenthesis is open.</summary>
    private static (string[] Lines, List<int> Ends) Split(string text)
    {
        var lines = text.Split('\n');
        var ends = new List<int>();
        var depth = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var quoted = false;
            foreach (var c in lines[i])
            {
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == ';')
                {
                    break;
                }
                else if (!quoted && c == '(')
                {
                    depth++;
                }
                else if (!quoted && c == ')')
                {
                    depth = Math.Max(0, depth - 1);
                }
            }

            if (depth == 0)
            {
                ends.Add(i + 1);
            }
        }

        return (lines, ends);
    }
}
