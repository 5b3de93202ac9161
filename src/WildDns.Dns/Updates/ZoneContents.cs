using WildDns.Core.Challenges;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;
using WildDns.Dns.Wire;
using WildDns.Dns.Zones;

namespace WildDns.Dns.Updates;

/// <summary>
/// What a served zone holds at a name, as RFC 2136 §3.2 prerequisites see it: the published challenge values, the
/// zone file's records and the records synthesized from the name, each as RDATA in wire form.
/// </summary>
internal sealed class ZoneContents(ZoneCatalog catalog, IChallengeReader challenges)
{
    /// <summary>The record set of <paramref name="type"/> at <paramref name="name"/> (lower case, no root dot); empty when there is none.</summary>
    public IReadOnlyList<byte[]> Find(string name, ushort type)
    {
        var node = catalog.FindStatic(name);
        if (node?.Find(type) is { } set)
        {
            return Split(set.Records, set.Count);
        }

        if (type == QueryType.Txt && challenges.Find(name) is { IsEmpty: false } values)
        {
            return [.. values.ToArray().Select(ChallengeRecord.Data)];
        }

        if (node is not null)
        {
            return [];
        }

        var decision = catalog.Policy.Decide(name, type);
        if (decision.Kind == AnswerKind.Address && decision.RecordType == type)
        {
            var address = new byte[decision.Address.Length];
            decision.Address.WriteBytes(address);
            return [address];
        }

        if (decision.Kind == AnswerKind.Alias && type == QueryType.Cname)
        {
            // A name is at most 255 octets on the wire (RFC 1035 §3.1); a target decoded from one label is far shorter.
            Span<byte> target = stackalloc byte[QueryParser.MaxNameLength];
            var length = EncodedHostName.WriteWire(name.AsSpan(decision.PayloadStart, decision.PayloadLength), target);
            return [target[..length].ToArray()];
        }

        return [];
    }

    /// <summary>RFC 2136 §2.4.4: a name is in use when it owns at least one record.</summary>
    public bool IsInUse(string name)
    {
        if (catalog.FindStatic(name) is { } node)
        {
            return !node.IsEmptyNonTerminal;
        }

        return !challenges.Find(name).IsEmpty
            || catalog.Policy.Decide(name, QueryType.A).Kind is AnswerKind.Address or AnswerKind.Alias
            || catalog.Policy.Decide(name, QueryType.Aaaa).Kind is AnswerKind.Address;
    }

    /// <summary>The RDATA of pre-encoded (type, class, TTL, length, RDATA) runs.</summary>
    private static List<byte[]> Split(byte[] records, int count)
    {
        var list = new List<byte[]>(count);
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var length = (records[offset + 8] << 8) | records[offset + 9];
            list.Add(records.AsSpan(offset + 10, length).ToArray());
            offset += 10 + length;
        }

        return list;
    }
}
