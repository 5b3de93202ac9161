using System.Buffers.Binary;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace WildDns.Dns.Zones;

/// <summary>
/// Encodes zone-file records into wire RDATA. ARSoft.Tools.Net parses zone files well but keeps its encoder
/// internal, so the record types an operator puts in a cert zone are encoded here; names in RDATA are written
/// uncompressed, which RFC 3597 §4 makes safe for every type.
/// </summary>
internal static class RecordDataEncoder
{
    public static byte[] Encode(DnsRecordBase record)
    {
        var data = new List<byte>(64);
        switch (record)
        {
            case ARecord a:
                data.AddRange(a.Address.GetAddressBytes());
                break;
            case AaaaRecord aaaa:
                data.AddRange(aaaa.Address.GetAddressBytes());
                break;
            case NsRecord ns:
                AddName(data, ns.NameServer);
                break;
            case CNameRecord cname:
                AddName(data, cname.CanonicalName);
                break;
            case PtrRecord ptr:
                AddName(data, ptr.PointerDomainName);
                break;
            case SoaRecord soa:
                AddName(data, soa.MasterName);
                AddName(data, soa.ResponsibleName);
                AddUInt32(data, soa.SerialNumber);
                AddUInt32(data, (uint)soa.RefreshInterval);
                AddUInt32(data, (uint)soa.RetryInterval);
                AddUInt32(data, (uint)soa.ExpireInterval);
                AddUInt32(data, (uint)soa.NegativeCachingTTL);
                break;
            case MxRecord mx:
                AddUInt16(data, mx.Preference);
                AddName(data, mx.ExchangeDomainName);
                break;
            case SrvRecord srv:
                AddUInt16(data, srv.Priority);
                AddUInt16(data, srv.Weight);
                AddUInt16(data, srv.Port);
                AddName(data, srv.Target);
                break;
            case TxtRecord txt:
                foreach (var part in txt.TextParts)
                {
                    AddCharacterString(data, part);
                }

                break;
            case CAARecord caa:
                // RFC 8659 §4.1: flags, tag length, tag, then the value without a length prefix.
                data.Add(caa.Flags);
                data.Add((byte)caa.Tag.Length);
                data.AddRange(Encoding.ASCII.GetBytes(caa.Tag));
                data.AddRange(Encoding.UTF8.GetBytes(caa.Value));
                break;
            default:
                throw new FormatException(
                    $"record type {record.RecordType} at {record.Name} is not served from zone files; use A, AAAA, NS, CNAME, PTR, SOA, MX, SRV, TXT or CAA.");
        }

        if (data.Count > ushort.MaxValue)
        {
            throw new FormatException($"the {record.RecordType} record at {record.Name} is longer than 65535 bytes.");
        }

        return [.. data];
    }

    /// <summary>Wire form of a name: length-prefixed labels, root last.</summary>
    public static byte[] EncodeName(DomainName name)
    {
        var data = new List<byte>(64);
        AddName(data, name);
        return [.. data];
    }

    private static void AddName(List<byte> data, DomainName name)
    {
        foreach (var label in name.Labels)
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63)
            {
                throw new FormatException($"the name {name} has a label of {bytes.Length} octets.");
            }

            data.Add((byte)bytes.Length);
            data.AddRange(bytes);
        }

        data.Add(0);
    }

    private static void AddCharacterString(List<byte> data, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 255)
        {
            throw new FormatException($"a TXT string of {bytes.Length} bytes is longer than 255.");
        }

        data.Add((byte)bytes.Length);
        data.AddRange(bytes);
    }

    private static void AddUInt16(List<byte> data, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        data.AddRange(bytes);
    }

    private static void AddUInt32(List<byte> data, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        data.AddRange(bytes);
    }
}
