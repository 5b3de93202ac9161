using System.Buffers.Binary;
using System.Text;
using WildDns.Core.Challenges;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;
using WildDns.Dns.Updates;
using WildDns.Dns.Wire;
using WildDns.Dns.Zones;

namespace WildDns.Dns.Answers;

/// <summary>
/// Turns one query message into one response message: bytes in, bytes out, no sockets, so every rule can be
/// tested without a network and every transport shares it. Thread-safe; allocates nothing per query.
/// </summary>
public sealed class AnswerEngine
{
    /// <summary>Large enough for any DNS message (RFC 1035 §4.2.2 caps TCP messages at 65535 bytes), plus slack.</summary>
    public const int ResponseBufferSize = 65535 + 1024;

    private const int MaxMessageLength = ResponseWriter.MaxMessageLength;
    private const int MinUdpSize = 512;

    /// <summary>How many CNAMEs in a row are followed inside the served zones; BIND stops at 16, a cert zone needs 2.</summary>
    private const int MaxAliasChain = 8;

    /// <summary>The largest offset a compression pointer can hold (RFC 1035 §4.1.4: 14 bits).</summary>
    private const int MaxPointerOffset = 0x3FFF;

    private static readonly IChallengeReader NoChallenges = new EmptyChallengeReader();

    private readonly IChallengeReader challenges;
    private readonly AnswerOptions options;
    private readonly UpdateResponder? updates;
    private volatile ZoneCatalog catalog;

    /// <param name="catalog">The zones served.</param>
    /// <param name="options">TTLs and sizes.</param>
    /// <param name="challenges">Published challenge values; their <see cref="IChallengeReader.Serial"/> is added to every SOA serial.</param>
    /// <param name="updates">Answers UPDATE and TSIG-signed messages; without it UPDATE is NOTIMP and TSIG is ignored.</param>
    public AnswerEngine(ZoneCatalog catalog, AnswerOptions options, IChallengeReader? challenges = null, UpdateResponder? updates = null)
    {
        this.catalog = catalog;
        this.options = options;
        this.challenges = challenges ?? NoChallenges;
        this.updates = updates;
    }

    /// <summary>The zones being served; setting it swaps in a reloaded catalog atomically.</summary>
    public ZoneCatalog Catalog
    {
        get => catalog;
        set => catalog = value;
    }

    public SynthesisPolicy Policy => catalog.Policy;

    /// <summary>
    /// Answers <paramref name="query"/> into <paramref name="response"/> (at least <see cref="ResponseBufferSize"/>
    /// bytes). Over UDP the answer is cut to the size the requester allows, with TC set (RFC 6891 §7).
    /// A length of 0 means: send nothing. Never throws: a failure while answering becomes SERVFAIL, with the exception in
    /// <see cref="AnswerOutcome.Failure"/> for the transport to report.
    /// </summary>
    public AnswerOutcome Answer(ReadOnlySpan<byte> query, Span<byte> response, bool overTcp)
    {
        try
        {
            return Answer(query, response, overTcp, updates, 0);
        }
        catch (Exception e)
        {
            return Fail(query, response, e);
        }
    }

    /// <summary>
    /// SERVFAIL with the request's ID, opcode and RD, and no sections: what went wrong may lie in the question itself,
    /// so nothing more of the request is trusted. A request without a whole header gets no answer.
    /// </summary>
    internal static AnswerOutcome Fail(ReadOnlySpan<byte> query, Span<byte> response, Exception failure)
    {
        if (query.Length < QueryParser.HeaderLength || (query[2] & 0x80) != 0)
        {
            return new(0, AnswerCategory.Dropped, 0, 0, false, failure);
        }

        var flags = (ushort)(DnsFlags.Response | (BinaryPrimitives.ReadUInt16BigEndian(query[2..]) & (DnsFlags.OpcodeMask | DnsFlags.RecursionDesired)));
        var writer = new ResponseWriter(response);
        writer.WriteHeader(BinaryPrimitives.ReadUInt16BigEndian(query), flags, ResponseCode.ServerFailure, 0);
        return new(writer.Length, AnswerCategory.Failed, ResponseCode.ServerFailure, 0, false, failure);
    }

    /// <summary>
    /// Answers with <paramref name="responder"/> taking UPDATE and TSIG-signed messages, and with <paramref name="reserve"/>
    /// bytes kept free of the UDP size limit for a signature appended afterwards.
    /// </summary>
    internal AnswerOutcome Answer(ReadOnlySpan<byte> query, Span<byte> response, bool overTcp, UpdateResponder? responder, int reserve)
    {
        Span<byte> nameWire = stackalloc byte[QueryParser.MaxNameLength];
        Span<char> nameText = stackalloc char[QueryParser.MaxNameLength];
        var outcome = QueryParser.Parse(query, nameWire, nameText, out var parsed);
        if (outcome == ParseOutcome.Drop)
        {
            return new(0, AnswerCategory.Dropped, 0, 0, false);
        }

        var writer = new ResponseWriter(response);
        var echoedFlags = (ushort)(DnsFlags.Response | (parsed.Flags & (DnsFlags.OpcodeMask | DnsFlags.RecursionDesired | DnsFlags.CheckingDisabled)));
        if (outcome != ParseOutcome.Query)
        {
            // RFC 8490 §5.1.1: the body of a kind of message we do not implement need not look like a query (a DSO
            // message has no question), so it gets NOTIMP, not FORMERR.
            var implemented = parsed.Opcode == DnsFlags.OpcodeQuery || (parsed.Opcode == DnsFlags.OpcodeUpdate && responder is not null);
            var (malformedCategory, malformedCode) = implemented
                ? (AnswerCategory.Malformed, ResponseCode.FormatError)
                : (AnswerCategory.NotImplemented, ResponseCode.NotImplemented);
            writer.WriteHeader(parsed.Id, echoedFlags, malformedCode, 0);
            return new(writer.Length, malformedCategory, malformedCode, 0, false);
        }

        var name = nameWire[..parsed.NameWireLength];
        var text = nameText[..parsed.NameTextLength];
        if (responder is not null && (parsed.Opcode == DnsFlags.OpcodeUpdate || (parsed.Opcode == DnsFlags.OpcodeQuery && parsed.TsigOffset >= 0)))
        {
            return responder.Respond(this, catalog, options.MaxUdpSize, query, response, overTcp, in parsed, name, text);
        }

        writer.WriteQuestion(name, parsed.QuestionType, parsed.QuestionClass);
        var questionEnd = writer.Length;

        var (category, code, authoritative) = Respond(ref writer, in parsed, name, text);

        if (parsed.HasEdns)
        {
            writer.WriteOpt(options.MaxUdpSize, code, parsed.DnssecOk);
        }

        var limit = (overTcp ? MaxMessageLength : UdpLimit(in parsed)) - reserve;
        var flags = (ushort)(echoedFlags | (authoritative ? DnsFlags.Authoritative : 0));
        var truncated = false;
        if (writer.Overflowed || writer.Length > limit)
        {
            writer.TruncateTo(questionEnd);
            if (overTcp)
            {
                // Larger than any DNS message may be (a zone file's huge RRset): there is nothing to retry with.
                code = ResponseCode.ServerFailure;
                category = AnswerCategory.Failed;
                flags = echoedFlags;
            }
            else
            {
                // RFC 2181 §9: drop whole sections and set TC, so the resolver retries over TCP.
                flags |= DnsFlags.Truncated;
                truncated = true;
            }

            if (parsed.HasEdns)
            {
                writer.WriteOpt(options.MaxUdpSize, code, parsed.DnssecOk);
            }
        }

        writer.WriteHeader(parsed.Id, flags, code, 1);
        return new(writer.Length, category, code, parsed.QuestionType, truncated);
    }

    /// <summary>
    /// RFC 6891 §7: the requester's advertised size within our own limit, and never below 512; without EDNS the size
    /// reads 0, so the limit is 512 (RFC 1035 §4.2.1).
    /// </summary>
    internal int UdpLimit(in DnsQuery query) =>
        Math.Clamp((int)query.EdnsUdpSize, MinUdpSize, Math.Max(MinUdpSize, (int)options.MaxUdpSize));

    private (AnswerCategory Category, int Code, bool Authoritative) Respond(ref ResponseWriter writer, in DnsQuery query, scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<char> text)
    {
        if (query.Opcode != DnsFlags.OpcodeQuery)
        {
            return (AnswerCategory.NotImplemented, ResponseCode.NotImplemented, false);
        }

        if (query.HasEdns && query.EdnsVersion > 0)
        {
            // RFC 6891 §6.1.3: we speak EDNS version 0 only.
            return (AnswerCategory.Malformed, ResponseCode.BadVersion, false);
        }

        var type = query.QuestionType;
        if (type is DnsFlags.TypeOpt or DnsFlags.TypeTsig or DnsFlags.TypeTkey)
        {
            // Meta types that cannot be asked for (RFC 6891 §6.1.1, RFC 8945 §4.2, RFC 2930).
            return (AnswerCategory.Malformed, ResponseCode.FormatError, false);
        }

        if (query.QuestionClass != DnsFlags.ClassInternet)
        {
            return (AnswerCategory.Refused, ResponseCode.Refused, false);
        }

        var current = catalog;
        var decision = current.Policy.Decide(text, type);
        if (!decision.IsInZone || type is DnsFlags.TypeAxfr or DnsFlags.TypeIxfr or DnsFlags.TypeMailB or DnsFlags.TypeMailA)
        {
            // Zone transfers are not offered: the zone is mostly synthesized and has nothing to transfer.
            return (AnswerCategory.Refused, ResponseCode.Refused, false);
        }

        var zone = current.Zones[decision.ZoneIndex];
        var serial = unchecked(zone.Serial + (uint)challenges.Serial);
        var node = current.FindStatic(text);
        if (node is { IsEmptyNonTerminal: false })
        {
            var answer = WriteStatic(ref writer, node, type, zone, serial, name, out var aliasTarget);
            if (aliasTarget > 0)
            {
                FollowAlias(ref writer, current, type, name.Length, aliasTarget);
            }

            return answer;
        }

        switch (decision.Kind)
        {
            case AnswerKind.Address:
            {
                var length = decision.Address.Length;
                writer.WriteAnswerHeader(ResponseWriter.QuestionNameOffset, decision.RecordType, options.AddressTtl, length);
                decision.Address.WriteBytes(writer.Reserve(length));
                return (AnswerCategory.Address, ResponseCode.NoError, true);
            }

            case AnswerKind.Alias:
            {
                var payload = text.Slice(decision.PayloadStart, decision.PayloadLength);
                Span<byte> target = stackalloc byte[QueryParser.MaxNameLength];
                var length = EncodedHostName.WriteWire(payload, target);
                writer.WriteAnswer(ResponseWriter.QuestionNameOffset, QueryType.Cname, options.AliasTtl, target[..length]);
                FollowAlias(ref writer, current, type, name.Length, writer.Length - length);
                return (AnswerCategory.Alias, ResponseCode.NoError, true);
            }

            case AnswerKind.Challenge:
            {
                var values = challenges.Find(text);
                if (values.IsEmpty)
                {
                    return WriteNegative(ref writer, zone, serial, name, AnswerCategory.NoData, ResponseCode.NoError);
                }

                WriteChallenges(ref writer, ResponseWriter.QuestionNameOffset, values);
                return (AnswerCategory.Challenge, ResponseCode.NoError, true);
            }

            case AnswerKind.EmptyNonTerminal:
                return WriteNegative(ref writer, zone, serial, name, AnswerCategory.EmptyNonTerminal, ResponseCode.NoError);

            case AnswerKind.NonExistent when node is null:
                return WriteNegative(ref writer, zone, serial, name, AnswerCategory.NonExistent, ResponseCode.NameError);

            default:
                return WriteNegative(ref writer, zone, serial, name, AnswerCategory.NoData, ResponseCode.NoError);
        }
    }

    /// <summary>
    /// Writes the zone file's answer for a name. <paramref name="aliasTarget"/> is where the target of a CNAME answered
    /// for another type starts in the message, for <see cref="FollowAlias"/>; 0 when there is none to follow.
    /// </summary>
    private static (AnswerCategory, int, bool) WriteStatic(ref ResponseWriter writer, StaticNode node, ushort type, ZoneData zone, uint serial, scoped ReadOnlySpan<byte> name, out int aliasTarget)
    {
        aliasTarget = 0;
        if (type == QueryType.Any)
        {
            // RFC 8482 would allow one set; the zone file's sets are few and small, so give them all.
            foreach (var set in node.Sets)
            {
                WriteSet(ref writer, ResponseWriter.QuestionNameOffset, set, zone, serial);
            }

            return (AnswerCategory.Static, ResponseCode.NoError, true);
        }

        var match = node.Find(type) ?? node.Find(QueryType.Cname);
        if (match is null)
        {
            return WriteNegative(ref writer, zone, serial, name, AnswerCategory.NoData, ResponseCode.NoError);
        }

        aliasTarget = WriteSet(ref writer, ResponseWriter.QuestionNameOffset, match, zone, serial);
        writer.WriteRecords(match.Glue, match.GlueCount, DnsSection.Additional);

        if (match.Type != QueryType.Cname || type == QueryType.Cname)
        {
            aliasTarget = 0;
        }

        return (AnswerCategory.Static, ResponseCode.NoError, true);
    }

    /// <summary>
    /// RFC 1034 §4.3.2 step 3a: a CNAME whose target lies in a served zone is followed here, and the target's records
    /// join the answer, so that forwarders which hand a bare CNAME on without chasing it (dnsmasq, Pi-hole) still give
    /// their clients an address. Follows at most <see cref="MaxAliasChain"/> links and stops at a name already in the
    /// chain; a target that ends in NODATA or NXDOMAIN just ends the chain, and the resolver asks for it itself.
    /// </summary>
    /// <param name="questionLength">The question name's length on the wire.</param>
    /// <param name="targetOffset">Where the first CNAME's target (uncompressed, as zone files and synthesis write it) starts in the message.</param>
    private void FollowAlias(ref ResponseWriter writer, ZoneCatalog current, ushort type, int questionLength, int targetOffset)
    {
        if (type is QueryType.Cname or QueryType.Any)
        {
            return;
        }

        // The names met so far, as where each starts in the message and how long it is there (uncompressed).
        Span<int> chainOffsets = stackalloc int[MaxAliasChain + 1];
        Span<int> chainLengths = stackalloc int[MaxAliasChain + 1];
        chainOffsets[0] = ResponseWriter.QuestionNameOffset;
        chainLengths[0] = questionLength;
        Span<byte> targetWire = stackalloc byte[QueryParser.MaxNameLength];
        Span<char> targetText = stackalloc char[QueryParser.MaxNameLength];
        for (var link = 1; link <= MaxAliasChain && targetOffset <= MaxPointerOffset; link++)
        {
            var position = targetOffset;
            if (!QueryParser.TryReadName(writer.Written, ref position, targetWire, targetText, out var wireLength, out var textLength))
            {
                return;
            }

            // A name met before closes a loop, most often the one just before. Letter case does not count (RFC 4343);
            // length octets are never letters.
            for (var earlier = link - 1; earlier >= 0; earlier--)
            {
                if (Ascii.EqualsIgnoreCase(writer.Written.Slice(chainOffsets[earlier], chainLengths[earlier]), targetWire[..wireLength]))
                {
                    return;
                }
            }

            chainOffsets[link] = targetOffset;
            chainLengths[link] = wireLength;
            var text = targetText[..textLength];
            var decision = current.Policy.Decide(text, type);

            // Stryker disable once Statement: outside the zones no static node is found and the switch below returns too; said here outright.
            if (!decision.IsInZone)
            {
                return;
            }

            var node = current.FindStatic(text);
            if (node is { IsEmptyNonTerminal: false })
            {
                var set = node.Find(type) ?? node.Find(QueryType.Cname);
                if (set is null || writer.Length + set.Records.Length + (2 * set.Count) > MaxMessageLength)
                {
                    return;
                }

                var zone = current.Zones[decision.ZoneIndex];
                var next = WriteSet(ref writer, targetOffset, set, zone, unchecked(zone.Serial + (uint)challenges.Serial));
                if (set.Type != QueryType.Cname)
                {
                    return;
                }

                targetOffset = next;
                continue;
            }

            switch (decision.Kind)
            {
                case AnswerKind.Address:
                {
                    var length = decision.Address.Length;
                    writer.WriteAnswerHeader(targetOffset, decision.RecordType, options.AddressTtl, length);
                    decision.Address.WriteBytes(writer.Reserve(length));
                    return;
                }

                case AnswerKind.Alias:
                {
                    var payload = text.Slice(decision.PayloadStart, decision.PayloadLength);
                    var length = EncodedHostName.WriteWire(payload, targetWire);
                    writer.WriteAnswer(targetOffset, QueryType.Cname, options.AliasTtl, targetWire[..length]);
                    targetOffset = writer.Length - length;
                    continue;
                }

                case AnswerKind.Challenge:
                    WriteChallenges(ref writer, targetOffset, challenges.Find(text));
                    return;

                default:
                    return;
            }
        }
    }

    /// <summary>One TXT record per published value, as many as fit in the largest message.</summary>
    private void WriteChallenges(ref ResponseWriter writer, int ownerOffset, scoped ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            var length = Encoding.ASCII.GetByteCount(value);
            if (!writer.Fits(12 + 1 + length))
            {
                break;
            }

            writer.WriteAnswerHeader(ownerOffset, QueryType.Txt, options.ChallengeTtl, length + 1);
            var data = writer.Reserve(length + 1);
            data[0] = (byte)length;
            Encoding.ASCII.GetBytes(value, data[1..]);
        }
    }

    /// <summary>
    /// Writes a zone-file set into the answer section owned by the name at <paramref name="ownerOffset"/>; an SOA gets the
    /// current serial (zone file's plus the challenges'). Returns where the first record's RDATA starts: a CNAME's target,
    /// a CNAME set holding one record (RFC 2181 §10.1).
    /// </summary>
    private static int WriteSet(ref ResponseWriter writer, int ownerOffset, StaticRecordSet set, ZoneData zone, uint serial)
    {
        var start = writer.Length;
        writer.WriteOwnedRecords(ownerOffset, set.Records, set.Count, DnsSection.Answer);
        if (set.Type == DnsFlags.TypeSoa)
        {
            // RFC 1996 §2.2 / RFC 1982: the serial grows with every change, here with every published or removed challenge.
            writer.PatchUInt32(start + 2 + zone.SerialOffset, serial);
        }

        return start + 2 + 10;
    }

    /// <summary>RFC 2308 §2: NXDOMAIN and NODATA carry the zone's SOA, with the current serial, in the authority section.</summary>
    private static (AnswerCategory, int, bool) WriteNegative(ref ResponseWriter writer, ZoneData zone, uint serial, scoped ReadOnlySpan<byte> name, AnswerCategory category, int code)
    {
        var start = writer.Length;
        writer.WriteOwnedRecords(ZoneOwnerOffset(name, zone.OriginLabels), zone.NegativeSoa, 1, DnsSection.Authority);
        writer.PatchUInt32(start + 2 + zone.SerialOffset, serial);
        return (category, code, true);
    }

    /// <summary>Where the zone origin starts inside the question name, for a compression pointer to it.</summary>
    private static int ZoneOwnerOffset(ReadOnlySpan<byte> name, int originLabels)
    {
        var labels = 0;
        for (var i = 0; name[i] != 0; i += name[i] + 1)
        {
            labels++;
        }

        var offset = 0;
        for (var skip = labels - originLabels; skip > 0; skip--)
        {
            offset += name[offset] + 1;
        }

        return ResponseWriter.QuestionNameOffset + offset;
    }

    private sealed class EmptyChallengeReader : IChallengeReader
    {
        public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => [];
    }
}
