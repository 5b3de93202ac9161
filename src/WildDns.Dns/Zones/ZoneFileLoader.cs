using System.Buffers.Binary;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using WildDns.Core.Synthesis;

namespace WildDns.Dns.Zones;

/// <summary>
/// Builds a <see cref="ZoneCatalog"/> from RFC 1035 master files named <c>&lt;origin&gt;.zone</c>, parsed by
/// ARSoft.Tools.Net. The file name says which zone a file holds; a <c>$ORIGIN</c> may move relative names within that
/// zone but not name another one (it is refused, with the line and the file name to use). Throws
/// <see cref="InvalidDataException"/> naming the file and the problem, so a reload can keep the old catalog and say why.
/// </summary>
public static class ZoneFileLoader
{
    public const string Extension = ".zone";

    public static ZoneCatalog LoadDirectory(string directory, Func<string, ZonePolicy> policyFor)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"the zone directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var files = Directory.GetFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidDataException($"the zone directory '{Path.GetFullPath(directory)}' holds no *{Extension} file.");
        }

        return Load(files.Select(file => (Path.GetFileName(file)[..^Extension.Length], File.ReadAllText(file), file)), policyFor);
    }

    /// <summary>Loads zones from text: (origin, master file text, where it came from for messages).</summary>
    public static ZoneCatalog Load(IEnumerable<(string Origin, string Text, string Source)> zones, Func<string, ZonePolicy> policyFor)
    {
        var policies = new List<ZonePolicy>();
        var zoneData = new List<ZoneData>();
        var records = new List<(string Owner, DnsRecordBase Record)>();
        foreach (var (originText, text, source) in zones)
        {
            var origin = originText.TrimEnd('.').ToLowerInvariant();
            CheckOriginDirectives(origin, text, source);
            Zone zone;
            try
            {
                zone = Zone.ParseMasterFile(DomainName.Parse(origin), new MemoryStream(Encoding.UTF8.GetBytes(text)));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or NotSupportedException or InvalidOperationException or OverflowException)
            {
                // file:line: problem in 'the line', the form compilers use, so that editors jump to it.
                throw new InvalidDataException(
                    ZoneFileLines.OfParseError(origin, text) is var (first, last)
                        ? $"{source}:{first}{(last > first ? $"-{last}" : string.Empty)}: {e.Message.TrimEnd('.')} in '{ZoneFileLines.Text(text, first)}'."
                        : $"{source}: {e.Message}",
                    e);
            }

            var soa = zone.OfType<SoaRecord>().ToArray();
            if (soa.Length != 1 || ToText(soa[0].Name) != origin)
            {
                throw new InvalidDataException($"{source}: a zone needs exactly one SOA record, at its origin {origin}.");
            }

            foreach (var record in zone)
            {
                var owner = ToText(record.Name);
                if (owner != origin && !owner.EndsWith("." + origin, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{At(source, origin, text, record)} {owner} is outside the zone {origin} (the file's name sets the zone).");
                }

                if (record.RecordClass != RecordClass.INet)
                {
                    throw new InvalidDataException($"{At(source, origin, text, record)} {owner} has class {record.RecordClass}; only IN is served.");
                }

                records.Add((owner, record));
            }

            try
            {
                policies.Add(policyFor(origin));
                zoneData.Add(BuildZoneData(origin, soa[0], zone.Count));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InvalidDataException($"{source}: {e.Message}", e);
            }
        }

        var nodes = BuildNodes(records);
        return new ZoneCatalog(new SynthesisPolicy(policies), zoneData, nodes);
    }

    /// <summary><c>file:line:</c> of <paramref name="record"/>, or <c>file:</c> when its line is not found.</summary>
    private static string At(string source, string origin, string text, DnsRecordBase record) =>
        ZoneFileLines.OfRecord(origin, text, candidate => candidate.Name.Equals(record.Name) && candidate.RecordType == record.RecordType && candidate.RecordClass == record.RecordClass) is { } line
            ? $"{source}:{line}:"
            : $"{source}:";

    /// <summary>
    /// RFC 1035 §5.1: <c>$ORIGIN</c> sets the origin for the relative names that follow. Here the file name has already
    /// set the zone, so a <c>$ORIGIN</c> outside it is a file named for the wrong zone (<c>my.zone</c> holding
    /// <c>$ORIGIN cert.example.com.</c>): refused with its line, rather than every record reported outside the zone.
    /// </summary>
    private static void CheckOriginDirectives(string origin, string text, string source)
    {
        var current = origin;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var words = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !words[0].Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = words[1].ToLowerInvariant();
            var absolute = name.EndsWith('.') ? name.TrimEnd('.') : $"{name}.{current}";
            if (absolute != origin && !absolute.EndsWith("." + origin, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"{source}:{lineNumber}: $ORIGIN {words[1]} is outside the zone {origin}, which the file name sets; "
                    + $"a file for the zone {absolute} must be named {absolute}{Extension}.");
            }

            current = absolute;
        }
    }

    private static ZoneData BuildZoneData(string origin, SoaRecord soa, int staticRecords)
    {
        var data = RecordDataEncoder.Encode(soa);
        var ttl = (uint)Math.Min(soa.TimeToLive, soa.NegativeCachingTTL);
        var record = EncodeRecord((ushort)RecordType.Soa, ttl, data);
        var serialOffset = 10 + RecordDataEncoder.EncodeName(soa.MasterName).Length + RecordDataEncoder.EncodeName(soa.ResponsibleName).Length;
        return new ZoneData(origin, origin.Split('.').Length, soa.SerialNumber, record) { SerialOffset = serialOffset, StaticRecords = staticRecords };
    }

    private static Dictionary<string, StaticNode> BuildNodes(List<(string Owner, DnsRecordBase Record)> records)
    {
        var addresses = records
            .Where(entry => entry.Record.RecordType is RecordType.A or RecordType.Aaaa)
            .ToLookup(entry => entry.Owner, entry => entry.Record);
        var nodes = new Dictionary<string, StaticNode>(StringComparer.Ordinal);
        foreach (var byOwner in records.GroupBy(entry => entry.Owner))
        {
            var sets = byOwner
                .GroupBy(entry => entry.Record.RecordType)
                .Select(byType => BuildSet(byType.Key, byType.Select(entry => entry.Record).ToArray(), addresses))
                .ToArray();
            if (sets.Any(set => set.Type == (ushort)RecordType.CName) && sets.Length > 1)
            {
                throw new InvalidDataException($"{byOwner.Key} has a CNAME and other records (RFC 1034 §3.6.2).");
            }

            nodes[byOwner.Key] = new StaticNode(sets);
        }

        // RFC 8020: the names between a record's owner and the apex exist; they answer NODATA, not NXDOMAIN.
        foreach (var owner in nodes.Keys.ToArray())
        {
            for (var dot = owner.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = owner.IndexOf('.', dot + 1))
            {
                nodes.TryAdd(owner[(dot + 1)..], new StaticNode([]));
            }
        }

        return nodes;
    }

    private static StaticRecordSet BuildSet(RecordType type, DnsRecordBase[] records, ILookup<string, DnsRecordBase> addresses)
    {
        // RFC 2181 §5.2: the records of one set share a TTL; take the smallest the file gives.
        var ttl = (uint)records.Min(record => record.TimeToLive);
        var encoded = records.SelectMany(record => EncodeRecord((ushort)type, ttl, RecordDataEncoder.Encode(record))).ToArray();
        var glue = new List<byte>();
        var glueCount = 0;
        if (type == RecordType.Ns)
        {
            foreach (var target in records.Cast<NsRecord>().Select(ns => ns.NameServer).DistinctBy(ToText))
            {
                foreach (var address in addresses[ToText(target)])
                {
                    glue.AddRange(RecordDataEncoder.EncodeName(target));
                    glue.AddRange(EncodeRecord((ushort)address.RecordType, (uint)address.TimeToLive, RecordDataEncoder.Encode(address)));
                    glueCount++;
                }
            }
        }

        return new StaticRecordSet((ushort)type, records.Length, encoded, glueCount, [.. glue]);
    }

    private static byte[] EncodeRecord(ushort type, uint ttl, byte[] data)
    {
        var record = new byte[10 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(record, type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(8), (ushort)data.Length);
        data.CopyTo(record, 10);
        return record;
    }

    private static string ToText(DomainName name) => string.Join('.', name.Labels).ToLowerInvariant();
}
