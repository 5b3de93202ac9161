using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// Puts expected records (zone-file text) and received records into one text form, so that spacing and quoting do
/// not matter but names (in the case they were sent), TTLs and data do: both go through ARSoft's record formatter.
/// </summary>
internal static class RecordText
{
    /// <summary>Parses master-file lines with absolute owner names and formats each record.</summary>
    public static IReadOnlyList<string> FromZoneFile(IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines);
        if (text.Length == 0)
        {
            return [];
        }

        var zone = Zone.ParseMasterFile(DomainName.Root, new MemoryStream(Encoding.UTF8.GetBytes(text + "\n")));
        return zone.Select(Format).ToArray();
    }

    /// <summary>Formats received records; the OPT pseudo-record is left out, since it is not data (RFC 6891 §6.1.1).</summary>
    public static IReadOnlyList<string> FromMessage(IEnumerable<DnsRecordBase> records) =>
        records.Where(record => record.RecordType != RecordType.Opt).Select(Format).ToArray();

    private static string Format(DnsRecordBase record) => string.Join(' ', record.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
