using System.Buffers.Binary;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Updates;

/// <summary>The prerequisite and update sections of an UPDATE message (RFC 2136 §2); the zone section is the question.</summary>
internal sealed class UpdateMessage
{
    private UpdateMessage(IReadOnlyList<UpdateRecord> prerequisites, IReadOnlyList<UpdateRecord> updates)
    {
        Prerequisites = prerequisites;
        Updates = updates;
    }

    public IReadOnlyList<UpdateRecord> Prerequisites { get; }

    public IReadOnlyList<UpdateRecord> Updates { get; }

    /// <summary>Reads the sections after the zone section that ends at <paramref name="zoneEnd"/>; null when malformed (FORMERR).</summary>
    public static UpdateMessage? TryParse(ReadOnlySpan<byte> message, int zoneEnd)
    {
        var prerequisiteCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var updateCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var position = zoneEnd;
        var prerequisites = ReadSection(message, ref position, prerequisiteCount);
        var updates = prerequisites is null ? null : ReadSection(message, ref position, updateCount);
        return updates is null ? null : new UpdateMessage(prerequisites!, updates);
    }

    private static List<UpdateRecord>? ReadSection(ReadOnlySpan<byte> message, ref int position, int count)
    {
        // A name is at most 255 octets on the wire and 253 characters as text (RFC 1035 §3.1).
        Span<byte> nameWire = stackalloc byte[QueryParser.MaxNameLength];
        Span<char> nameText = stackalloc char[QueryParser.MaxNameLength];
        var records = new List<UpdateRecord>(count);
        for (var i = 0; i < count; i++)
        {
            if (!QueryParser.TryReadName(message, ref position, nameWire, nameText, out _, out var textLength) || position + 10 > message.Length)
            {
                return null;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(position + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
            position += 10;
            if (position + length > message.Length)
            {
                return null;
            }

            records.Add(new UpdateRecord(new string(nameText[..textLength]), type, @class, ttl, message.Slice(position, length).ToArray()));
            position += length;
        }

        return records;
    }
}
