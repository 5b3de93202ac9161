using System.Buffers.Binary;

namespace WildDns.Dns.Wire;

/// <summary>
/// Writes a response message into a caller's buffer, section by section. Owner names of answer records point at
/// the question name (RFC 1035 §4.1.4 compression), so a synthesized answer costs a few dozen bytes and no allocation.
/// Records that would take the message past 65535 bytes (RFC 1035 §4.2.2) or past the buffer are not written and set
/// <see cref="Overflowed"/>; the caller then answers with TC or SERVFAIL instead.
/// </summary>
internal ref struct ResponseWriter
{
    /// <summary>Where the question name starts: right after the 12-byte header.</summary>
    public const int QuestionNameOffset = QueryParser.HeaderLength;

    /// <summary>RFC 1035 §4.2.2: the two-byte length before a message over TCP caps every message at this size.</summary>
    public const int MaxMessageLength = 65535;

    private readonly Span<byte> buffer;
    private readonly int capacity;
    private int position;
    private ushort answers;
    private ushort authorities;
    private ushort additionals;

    public ResponseWriter(Span<byte> buffer)
    {
        this.buffer = buffer;
        capacity = Math.Min(buffer.Length, MaxMessageLength);
        position = QueryParser.HeaderLength;
    }

    public readonly int Length => position;

    /// <summary>The message so far, for reading back a name already written (a CNAME target to follow).</summary>
    public readonly ReadOnlySpan<byte> Written => buffer[..position];

    /// <summary>True once a record did not fit and was left out: the message is incomplete.</summary>
    public bool Overflowed { readonly get; private set; }

    /// <summary>True when <paramref name="length"/> more bytes fit; otherwise marks the message <see cref="Overflowed"/>.</summary>
    public bool Fits(int length)
    {
        if (position + length <= capacity)
        {
            return true;
        }

        Overflowed = true;
        return false;
    }

    public void WriteQuestion(scoped ReadOnlySpan<byte> nameWire, ushort type, ushort @class)
    {
        nameWire.CopyTo(buffer[position..]);
        position += nameWire.Length;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 2)..], @class);
        position += 4;
    }

    /// <summary>Writes an answer record owned by the name at <paramref name="ownerOffset"/>, with its RDATA.</summary>
    public void WriteAnswer(int ownerOffset, ushort type, uint ttl, scoped ReadOnlySpan<byte> data)
    {
        if (!Fits(12 + data.Length))
        {
            return;
        }

        WriteRecordHeader(ownerOffset, type, ttl, data.Length);
        data.CopyTo(buffer[position..]);
        position += data.Length;
        answers++;
    }

    /// <summary>Starts an answer record whose RDATA the caller writes into <see cref="Reserve"/>'s span; the caller checks <see cref="Fits"/> first.</summary>
    public void WriteAnswerHeader(int ownerOffset, ushort type, uint ttl, int dataLength)
    {
        WriteRecordHeader(ownerOffset, type, ttl, dataLength);
        answers++;
    }

    /// <summary>Gives the next <paramref name="length"/> bytes of the buffer to fill, and moves past them.</summary>
    public Span<byte> Reserve(int length)
    {
        var span = buffer.Slice(position, length);
        position += length;
        return span;
    }

    /// <summary>Writes pre-encoded records (type, class, TTL, length, RDATA each) owned by the name at <paramref name="ownerOffset"/>.</summary>
    public void WriteOwnedRecords(int ownerOffset, scoped ReadOnlySpan<byte> records, int count, DnsSection section)
    {
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var length = 10 + BinaryPrimitives.ReadUInt16BigEndian(records[(offset + 8)..]);
            if (!Fits(2 + length))
            {
                Count(section, i);
                return;
            }

            WritePointer(ownerOffset);
            records.Slice(offset, length).CopyTo(buffer[position..]);
            position += length;
            offset += length;
        }

        Count(section, count);
    }

    /// <summary>Writes whole pre-encoded records (owner name included).</summary>
    public void WriteRecords(scoped ReadOnlySpan<byte> records, int count, DnsSection section)
    {
        if (!Fits(records.Length))
        {
            return;
        }

        records.CopyTo(buffer[position..]);
        position += records.Length;
        Count(section, count);
    }

    /// <summary>RFC 6891 §6.1.2: the OPT pseudo-record, with our UDP payload size and the upper bits of the rcode.</summary>
    public void WriteOpt(ushort udpPayloadSize, int responseCode, bool dnssecOk)
    {
        if (!Fits(11))
        {
            return;
        }

        buffer[position++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], DnsFlags.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 2)..], udpPayloadSize);
        buffer[position + 4] = (byte)(responseCode >> 4);
        buffer[position + 5] = 0;
        buffer[position + 6] = dnssecOk ? (byte)0x80 : (byte)0;
        buffer[position + 7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 8)..], 0);
        position += 10;
        additionals++;
    }

    /// <summary>Overwrites 4 bytes already written at <paramref name="offset"/>, such as an SOA serial in a pre-encoded record.</summary>
    public readonly void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(buffer[offset..], value);

    /// <summary>Fills in the header last, when the section counts are known.</summary>
    public readonly void WriteHeader(ushort id, ushort flags, int responseCode, ushort questions)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(flags | (responseCode & 0xF)));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], questions);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], answers);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[8..], authorities);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], additionals);
    }

    /// <summary>Drops every record written after the question: for TC=1 answers and for error answers.</summary>
    public void TruncateTo(int questionEnd)
    {
        position = questionEnd;
        Overflowed = false;
        answers = 0;
        authorities = 0;
        additionals = 0;
    }

    private void WriteRecordHeader(int ownerOffset, ushort type, uint ttl, int dataLength)
    {
        WritePointer(ownerOffset);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 2)..], DnsFlags.ClassInternet);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(position + 4)..], ttl);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 8)..], (ushort)dataLength);
        position += 10;
    }

    private void WritePointer(int offset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], (ushort)(0xC000 | offset));
        position += 2;
    }

    private void Count(DnsSection section, int count)
    {
        switch (section)
        {
            case DnsSection.Answer:
                answers += (ushort)count;
                break;
            case DnsSection.Authority:
                authorities += (ushort)count;
                break;
            default:
                additionals += (ushort)count;
                break;
        }
    }
}
