using System.Buffers.Binary;
using WildDns.Dns.Wire;

namespace WildDns.Dns.RateLimiting;

/// <summary>Where a response's question ends and where its OPT record lies, when the OPT record is its last record.</summary>
/// <param name="QuestionEnd">The offset just past the question section.</param>
/// <param name="OptStart">The offset of the OPT record; -1 when the last record is not one (no EDNS, or a TSIG record, which must stay last).</param>
/// <param name="OptEnd">The offset just past the OPT record.</param>
internal readonly record struct ResponseLayout(int QuestionEnd, int OptStart, int OptEnd)
{
    /// <summary>Walks a response the answer engine wrote; a part that cannot be walked counts as absent.</summary>
    public static ResponseLayout Read(ReadOnlySpan<byte> response)
    {
        var questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        var records = BinaryPrimitives.ReadUInt16BigEndian(response[6..]) + BinaryPrimitives.ReadUInt16BigEndian(response[8..])
            + BinaryPrimitives.ReadUInt16BigEndian(response[10..]);
        var position = QueryParser.HeaderLength;
        for (var i = 0; i < questions; i++)
        {
            if (!QueryParser.TrySkipName(response, ref position) || position + 4 > response.Length)
            {
                return new(QueryParser.HeaderLength, -1, -1);
            }

            position += 4;
        }

        var questionEnd = position;
        var last = -1;
        var lastType = (ushort)0;
        for (var i = 0; i < records; i++)
        {
            last = position;
            if (!QueryParser.TrySkipRecord(response, ref position, out lastType, out _))
            {
                return new(questionEnd, -1, -1);
            }
        }

        return last >= 0 && lastType == DnsFlags.TypeOpt && response[last] == 0 && position == response.Length
            ? new(questionEnd, last, position)
            : new(questionEnd, -1, -1);
    }
}
