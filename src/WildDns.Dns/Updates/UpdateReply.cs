using WildDns.Dns.Answers;
using WildDns.Dns.Tsig;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Updates;

/// <summary>
/// Writes the answer to an UPDATE or a signed message within the size the requester allows: over UDP 512 bytes without
/// EDNS (RFC 1035 §4.2.1), else its advertised size. A signed request may name its key and algorithm with compression
/// pointers while the answer spells them out, so an answer can be far larger than the request; unbounded, a 301-byte
/// request drew an 807-byte BADKEY answer, a reflection of 2.7 times.
/// </summary>
internal readonly ref struct UpdateReply
{
    private readonly Span<byte> response;
    private readonly ReadOnlySpan<byte> nameWire;
    private readonly ushort id;
    private readonly ushort flags;
    private readonly ushort questionType;
    private readonly ushort questionClass;
    private readonly ushort maxUdpSize;
    private readonly bool hasEdns;
    private readonly int limit;
    private readonly long now;

    public UpdateReply(Span<byte> response, in DnsQuery query, ReadOnlySpan<byte> nameWire, ushort maxUdpSize, int limit, long now)
    {
        this.response = response;
        this.nameWire = nameWire;
        id = query.Id;
        flags = (ushort)(DnsFlags.Response | (query.Flags & (DnsFlags.OpcodeMask | DnsFlags.RecursionDesired)));
        questionType = query.QuestionType;
        questionClass = query.QuestionClass;
        hasEdns = query.HasEdns;
        this.maxUdpSize = maxUdpSize;
        this.limit = limit;
        this.now = now;
    }

    /// <summary>
    /// RFC 2136 §3.8: the zone section copied, the EDE option saying why (RFC 8914), the TSIG record (RFC 8945 §5.3).
    /// What does not fit goes, in this order: the EDE text, then the zone section (a response may leave it out); when even
    /// the TSIG record does not fit, the answer is the bare header with TC, so the sender asks again over TCP.
    /// </summary>
    public AnswerOutcome Write(UpdateResult result, TsigRequest? tsig, TsigError error, AnswerCategory category)
    {
        var signature = tsig is null ? 0 : TransactionSignature.SizeOf(tsig, error);
        // Level 0 writes everything, 1 leaves out the EDE text, 2 the zone section as well.
        for (var level = 0; level <= 2; level++)
        {
            var writer = new ResponseWriter(response);
            var withQuestion = level < 2;
            if (withQuestion)
            {
                writer.WriteQuestion(nameWire, questionType, questionClass);
            }

            if (hasEdns)
            {
                var opt = ExtendedDnsError.OptRecord(maxUdpSize, result.ResponseCode, result.InfoCode, level == 0 ? result.Reason : null);
                writer.WriteRecords(opt, 1, DnsSection.Additional);
            }

            if (writer.Overflowed || writer.Length + signature > limit)
            {
                continue;
            }

            writer.WriteHeader(id, flags, result.ResponseCode, withQuestion ? (ushort)1 : (ushort)0);
            var length = tsig is null ? writer.Length : TransactionSignature.Sign(response, writer.Length, tsig, error, now);
            return new AnswerOutcome(length, category, result.ResponseCode, questionType, false);
        }

        return new AnswerOutcome(WriteTruncated(result.ResponseCode), category, result.ResponseCode, questionType, true);
    }

    /// <summary>The header alone with TC set, unsigned (RFC 8945 §5.3 has no room to sign what is not sent): "ask over TCP".</summary>
    public int WriteTruncated(int responseCode)
    {
        var writer = new ResponseWriter(response);
        writer.WriteHeader(id, (ushort)(flags | DnsFlags.Truncated), responseCode, 0);
        return writer.Length;
    }
}
