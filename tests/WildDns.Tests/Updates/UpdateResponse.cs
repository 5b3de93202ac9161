using System.Buffers.Binary;
using System.Text;

namespace WildDns.Tests.Updates;

/// <summary>The parts of an UPDATE response the tests look at: RCODE, the EDE option (RFC 8914) and the TSIG record (RFC 8945).</summary>
internal sealed record UpdateResponse(
    int ResponseCode,
    int? ExtendedErrorCode,
    string? ExtendedErrorText,
    int TsigOffset,
    ushort TsigError,
    long TsigTimeSigned,
    ushort TsigFudge,
    byte[] TsigMac,
    byte[] TsigOtherData)
{
    public static UpdateResponse Parse(byte[] message)
    {
        var rcode = message[3] & 0xF;
        var counts = Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4 + (2 * i)))).ToArray();
        var position = 12;
        for (var i = 0; i < counts[0]; i++)
        {
            SkipName(message, ref position);
            position += 4;
        }

        for (var i = 0; i < counts[1] + counts[2]; i++)
        {
            SkipRecord(message, ref position, out _, out _);
        }

        int? edeCode = null;
        string? edeText = null;
        var tsigOffset = -1;
        ushort tsigError = 0, fudge = 0;
        long timeSigned = 0;
        byte[] mac = [], other = [];
        for (var i = 0; i < counts[3]; i++)
        {
            var start = position;
            SkipRecord(message, ref position, out var type, out var dataStart);
            var data = message.AsSpan(dataStart, position - dataStart);
            if (type == 41)
            {
                for (var o = 0; o + 4 <= data.Length;)
                {
                    var code = BinaryPrimitives.ReadUInt16BigEndian(data[o..]);
                    var length = BinaryPrimitives.ReadUInt16BigEndian(data[(o + 2)..]);
                    if (code == 15)
                    {
                        edeCode = BinaryPrimitives.ReadUInt16BigEndian(data[(o + 4)..]);
                        edeText = Encoding.UTF8.GetString(data.Slice(o + 6, length - 2));
                    }

                    o += 4 + length;
                }

                rcode |= message[start + 5] << 4;
            }
            else if (type == 250)
            {
                tsigOffset = start;
                var p = dataStart;
                SkipName(message, ref p);
                timeSigned = ((long)BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(p)) << 32) | BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(p + 2));
                fudge = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(p + 6));
                var macLength = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(p + 8));
                mac = message.AsSpan(p + 10, macLength).ToArray();
                p += 10 + macLength;
                tsigError = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(p + 2));
                var otherLength = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(p + 4));
                other = message.AsSpan(p + 6, otherLength).ToArray();
            }
        }

        return new UpdateResponse(rcode, edeCode, edeText, tsigOffset, tsigError, timeSigned, fudge, mac, other);
    }

    private static void SkipName(byte[] message, ref int position)
    {
        while (message[position] != 0)
        {
            if ((message[position] & 0xC0) == 0xC0)
            {
                position += 2;
                return;
            }

            position += message[position] + 1;
        }

        position++;
    }

    private static void SkipRecord(byte[] message, ref int position, out ushort type, out int dataStart)
    {
        SkipName(message, ref position);
        type = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(position));
        var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(position + 8));
        dataStart = position + 10;
        position = dataStart + length;
    }
}
