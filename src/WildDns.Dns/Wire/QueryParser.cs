using System.Buffers.Binary;

namespace WildDns.Dns.Wire;

/// <summary>Reads a query message from bytes without allocating; tolerant of nothing that could loop or overrun.</summary>
internal static class QueryParser
{
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 §3.1: a name is at most 255 octets on the wire.</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// Parses <paramref name="message"/>. The question name is written to <paramref name="nameWire"/> (at least 255
    /// bytes; uncompressed, letter case kept) and <paramref name="nameText"/> (at least 255 chars; lower case, dotted,
    /// no root dot, empty for the root). A dot inside a label becomes U+0001, which no served name can hold.
    /// </summary>
    public static ParseOutcome Parse(ReadOnlySpan<byte> message, Span<byte> nameWire, Span<char> nameText, out DnsQuery query)
    {
        query = default;
        query.TsigOffset = -1;
        if (message.Length < HeaderLength)
        {
            return ParseOutcome.Drop;
        }

        query.Id = BinaryPrimitives.ReadUInt16BigEndian(message);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((query.Flags & DnsFlags.Response) != 0)
        {
            return ParseOutcome.Drop;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (questions != 1)
        {
            return ParseOutcome.QuestionCount;
        }

        var position = HeaderLength;
        if (!TryReadName(message, ref position, nameWire, nameText, out query.NameWireLength, out query.NameTextLength)
            || position + 4 > message.Length)
        {
            return ParseOutcome.FormatError;
        }

        query.QuestionType = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
        query.QuestionClass = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
        position += 4;
        query.QuestionEnd = position;

        for (var i = 0; i < answers + authorities; i++)
        {
            if (!TrySkipRecord(message, ref position, out _, out _))
            {
                return ParseOutcome.FormatError;
            }
        }

        for (var i = 0; i < additionals; i++)
        {
            var recordStart = position;
            if (!TrySkipRecord(message, ref position, out var type, out var header))
            {
                return ParseOutcome.FormatError;
            }

            if (type == DnsFlags.TypeOpt)
            {
                // RFC 6891 §6.1.1: one OPT at most, owned by the root.
                if (query.HasEdns || message[recordStart] != 0)
                {
                    return ParseOutcome.FormatError;
                }

                query.HasEdns = true;
                query.EdnsUdpSize = BinaryPrimitives.ReadUInt16BigEndian(message[(header + 2)..]);
                query.EdnsVersion = message[header + 5];
                query.DnssecOk = (message[header + 6] & 0x80) != 0;
            }
            else if (type == DnsFlags.TypeTsig)
            {
                // RFC 8945 §5.1: TSIG is the last record of the message.
                if (i != additionals - 1)
                {
                    return ParseOutcome.FormatError;
                }

                query.TsigOffset = recordStart;
            }
        }

        return ParseOutcome.Query;
    }

    /// <summary>Reads a possibly compressed name; pointers must point backwards, so a loop cannot form.</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int position, Span<byte> nameWire, Span<char> nameText, out int wireLength, out int textLength)
    {
        wireLength = 0;
        textLength = 0;
        var cursor = position;
        var end = -1;
        var limit = position;
        while (true)
        {
            if (cursor >= message.Length)
            {
                return false;
            }

            var length = message[cursor];
            if (length == 0)
            {
                nameWire[wireLength++] = 0;
                position = end < 0 ? cursor + 1 : end;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (cursor + 1 >= message.Length)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | message[cursor + 1];
                if (target >= limit)
                {
                    return false;
                }

                if (end < 0)
                {
                    end = cursor + 2;
                }

                limit = target;
                cursor = target;
                continue;
            }

            // 0x40 and 0x80 label types (RFC 6891 §5) are obsolete or unassigned.
            if ((length & 0xC0) != 0 || cursor + 1 + length > message.Length || wireLength + 1 + length + 1 > MaxNameLength)
            {
                return false;
            }

            nameWire[wireLength++] = length;
            if (textLength > 0)
            {
                nameText[textLength++] = '.';
            }

            for (var i = 1; i <= length; i++)
            {
                var b = message[cursor + i];
                nameWire[wireLength++] = b;
                nameText[textLength++] = b switch
                {
                    >= (byte)'A' and <= (byte)'Z' => (char)(b | 0x20),
                    (byte)'.' => '\u0001',
                    _ => (char)b,
                };
            }

            cursor += 1 + length;
        }
    }

    /// <summary>Skips a name without reading it: labels up to the root or the first pointer.</summary>
    public static bool TrySkipName(ReadOnlySpan<byte> message, ref int position)
    {
        var total = 0;
        while (position < message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                position++;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                position += 2;
                return position <= message.Length;
            }

            // The root octet still follows, and counts towards the 255 (RFC 1035 §3.1).
            if ((length & 0xC0) != 0 || (total += length + 1) >= MaxNameLength)
            {
                return false;
            }

            position += length + 1;
        }

        return false;
    }

    /// <summary>Skips one resource record; gives its type and the offset of its fixed part (type, class, TTL, length).</summary>
    public static bool TrySkipRecord(ReadOnlySpan<byte> message, ref int position, out ushort type, out int header)
    {
        type = 0;
        header = 0;
        if (!TrySkipName(message, ref position) || position + 10 > message.Length)
        {
            return false;
        }

        header = position;
        type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
        position += 10 + dataLength;
        return position <= message.Length;
    }
}
