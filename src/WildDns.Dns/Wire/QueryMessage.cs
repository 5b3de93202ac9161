using System.Buffers.Binary;

namespace WildDns.Dns.Wire;

/// <summary>Writes a plain query message, for tools and tests that ask the answer engine directly.</summary>
public static class QueryMessage
{
    /// <summary>
    /// Writes a query for <paramref name="name"/> (dotted text, root dot optional) and returns its length; with
    /// <paramref name="ednsUdpSize"/> above 0 it carries an EDNS(0) OPT record. Throws <see cref="ArgumentException"/>
    /// for an empty label or one over 63 octets.
    /// </summary>
    public static int Write(Span<byte> destination, ushort id, string name, ushort type, ushort ednsUdpSize = 0, ushort @class = 1)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(ednsUdpSize > 0 ? 1 : 0));
        var position = 12;
        var labels = name.TrimEnd('.');
        foreach (var label in labels.Length == 0 ? [] : labels.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{name}' has a label of {label.Length} octets.", nameof(name));
            }

            destination[position++] = (byte)label.Length;
            foreach (var c in label)
            {
                destination[position++] = (byte)c;
            }
        }

        destination[position++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[position..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], @class);
        position += 4;
        if (ednsUdpSize > 0)
        {
            destination[position] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 1)..], DnsFlags.TypeOpt);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 3)..], ednsUdpSize);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(position + 5)..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 9)..], 0);
            position += 11;
        }

        return position;
    }
}
