using WildDns.Core.Challenges;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Tsig;
using WildDns.Dns.Wire;
using WildDns.Dns.Zones;

namespace WildDns.Dns.Updates;

/// <summary>
/// Answers the messages that carry TSIG or change data: RFC 2136 UPDATE of <c>_acme-challenge</c> TXT records, signed
/// with a configured key (RFC 8945), and queries signed with one, such as the SOA lookups ACME clients make to find the
/// zone. Updates go through <see cref="IChallengeWriter"/>, into the same store as the control plane's calls.
/// </summary>
/// <remarks>
/// The <see cref="AnswerEngine"/> hands over only messages with opcode UPDATE or a TSIG record, so this path may allocate.
/// Updates are applied one at a time, so that prerequisites and changes of one message see no other update in between
/// (RFC 2136 §3.7); each message's changes are all checked before the first is made (RFC 2136 §3.4).
/// </remarks>
public sealed class UpdateResponder(TsigKeyRing keys, IChallengeReader challenges, IChallengeWriter writer, TimeProvider time)
{
    private const ushort ClassNone = 254;

    private const string StoreFullReason = "the server holds the most challenge values it may have live at once (WildDns:Challenges:MaxValues); try again when some have been removed or expired";

    private readonly Lock gate = new();
    private readonly ReplayCache replays = new();

    public TsigKeyRing Keys => keys;

    /// <summary>Raised for every value an UPDATE publishes or removes, after the store has it, for the audit log.</summary>
    public event Action<ChallengeUpdate>? Changed;

    /// <summary>Answers an UPDATE, or a query with a TSIG record, whose header and question <paramref name="query"/> holds.</summary>
    internal AnswerOutcome Respond(
        AnswerEngine engine,
        ZoneCatalog catalog,
        ushort maxUdpSize,
        ReadOnlySpan<byte> message,
        Span<byte> response,
        bool overTcp,
        in DnsQuery query,
        ReadOnlySpan<byte> nameWire,
        ReadOnlySpan<char> nameText)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var isUpdate = query.Opcode == DnsFlags.OpcodeUpdate;
        var category = isUpdate ? AnswerCategory.Update : AnswerCategory.Refused;
        var limit = overTcp ? ResponseWriter.MaxMessageLength : engine.UdpLimit(in query);
        var reply = new UpdateReply(response, in query, nameWire, maxUdpSize, limit, now);
        TsigRequest? tsig = null;
        if (query.TsigOffset >= 0)
        {
            if (!TransactionSignature.TryRead(message, query.TsigOffset, out tsig))
            {
                return reply.Write(new UpdateResult(ResponseCode.FormatError), null, TsigError.NoError, AnswerCategory.Malformed);
            }

            var error = TransactionSignature.Verify(message, query.TsigOffset, tsig!, keys, now, out var formatError);
            if (formatError)
            {
                return reply.Write(new UpdateResult(ResponseCode.FormatError), null, TsigError.NoError, AnswerCategory.Malformed);
            }

            if (error == TsigError.NoError && isUpdate && !replays.TryRecord(tsig!, now))
            {
                // RFC 8945 §5.2.3, §10: a MAC already seen inside its time window is a replay. BADTIME, not BADSIG: the
                // signature is genuine, it is its one use within the window that is spent; and the answer is signed, so
                // the sender can trust the refusal and sign the change anew.
                error = TsigError.BadTime;
            }

            if (error != TsigError.NoError)
            {
                // RFC 8945 §5.2: NOTAUTH, with the TSIG error in the response's TSIG record.
                return reply.Write(new UpdateResult(ResponseCode.NotAuthorized), tsig, error, category);
            }
        }

        if (!isUpdate)
        {
            // RFC 8945 §5.3: the answer to a signed query is signed with the same key.
            var space = TransactionSignature.SizeOf(tsig!, TsigError.NoError);

            // The engine parsed this message already, so it answers it: the length is never 0 here.
            var answer = engine.Answer(message, response, overTcp, null, space);
            return answer.Length + space <= limit
                ? answer with { Length = TransactionSignature.Sign(response, answer.Length, tsig!, TsigError.NoError, now) }
                : answer with { Length = reply.WriteTruncated(ResponseCode.NoError), Truncated = true };
        }

        UpdateResult result;
        Exception? failure = null;
        try
        {
            result = tsig?.Key is { } key
                ? Update(catalog, key, message, in query, new string(nameText))
                : UpdateResult.Refused(keys.Count == 0
                    ? "updates are not accepted: no TSIG key is configured (--tsig-key or WildDns:Tsig)"
                    : "updates must be signed with a TSIG key (RFC 8945)");
        }
        catch (Exception e)
        {
            // The store could not take the change (a full disk, say): the sender learns it failed, signed, and may retry.
            failure = e;
            result = new(ResponseCode.ServerFailure, ExtendedDnsError.Other, "the change could not be stored; try again later");
        }

        return reply.Write(result, tsig, TsigError.NoError, category) with { Failure = failure };
    }

    private UpdateResult Update(ZoneCatalog catalog, TsigKey key, ReadOnlySpan<byte> message, in DnsQuery query, string zoneName)
    {
        // RFC 2136 §3.1.1: the zone section names one zone with type SOA; a zone not served here is NOTAUTH.
        if (query.QuestionType != DnsFlags.TypeSoa)
        {
            return new(ResponseCode.FormatError);
        }

        var origin = catalog.Policy.Zones.Select(zone => zone.Origin).FirstOrDefault(origin => origin == zoneName);
        if (origin is null || query.QuestionClass != DnsFlags.ClassInternet)
        {
            var served = string.Join(", ", catalog.Policy.Zones.Select(zone => zone.Origin));
            return new(ResponseCode.NotAuthorized, ExtendedDnsError.NotAuthoritative, $"{zoneName} is not a zone served here ({served})");
        }

        var sections = UpdateMessage.TryParse(message, query.QuestionEnd);
        if (sections is null)
        {
            return new(ResponseCode.FormatError);
        }

        lock (gate)
        {
            var contents = new ZoneContents(catalog, challenges);
            var prerequisites = CheckPrerequisites(sections.Prerequisites, origin, contents);
            if (prerequisites.ResponseCode != ResponseCode.NoError)
            {
                return prerequisites;
            }

            var checkedUpdates = CheckUpdates(sections.Updates, origin, catalog, key);
            return checkedUpdates.ResponseCode != ResponseCode.NoError ? checkedUpdates : ApplyOrFail(sections.Updates, key.Name);
        }
    }

    /// <summary>
    /// <see cref="Apply"/>, with a store that cannot take or confirm the changes answered by SERVFAIL (RFC 2136 §2.2: an
    /// internal failure while processing the request) and the reason in an Extended DNS Error (RFC 8914).
    /// </summary>
    private UpdateResult ApplyOrFail(IReadOnlyList<UpdateRecord> updates, string keyName)
    {
        try
        {
            return Apply(updates, keyName);
        }
        catch (ChallengeStoreUnavailableException exception)
        {
            return new(ResponseCode.ServerFailure, ExtendedDnsError.NotReady, exception.Message);
        }
        catch (ChallengeWriteException exception)
        {
            return new(ResponseCode.ServerFailure, ExtendedDnsError.Other, exception.Message);
        }
    }

    /// <summary>RFC 2136 §3.2: every prerequisite must hold, else the first that fails gives the response code.</summary>
    private static UpdateResult CheckPrerequisites(IReadOnlyList<UpdateRecord> prerequisites, string origin, ZoneContents contents)
    {
        var expected = new Dictionary<(string Name, ushort Type), List<byte[]>>();
        foreach (var record in prerequisites)
        {
            if (record.Ttl != 0)
            {
                return new(ResponseCode.FormatError);
            }

            if (!IsInZone(record.Name, origin))
            {
                return new(ResponseCode.NotZone);
            }

            if (record.Class is QueryType.Any or ClassNone)
            {
                if (record.Data.Length != 0)
                {
                    return new(ResponseCode.FormatError);
                }

                var exists = record.Type == QueryType.Any ? contents.IsInUse(record.Name) : contents.Find(record.Name, record.Type).Count > 0;
                var wanted = record.Class == QueryType.Any;
                if (exists != wanted)
                {
                    // RFC 2136 §2.4.1-§2.4.5: ANY asks for existence, NONE for absence; of a name (type ANY) or a set.
                    return new(record.Type == QueryType.Any
                        ? wanted ? ResponseCode.NameError : ResponseCode.NameExists
                        : wanted ? ResponseCode.RecordSetMissing : ResponseCode.RecordSetExists);
                }
            }
            else if (record.Class == DnsFlags.ClassInternet)
            {
                // RFC 2136 §2.4.2: value-dependent; the sets are compared whole once all are collected.
                var key = (record.Name, record.Type);
                if (!expected.TryGetValue(key, out var list))
                {
                    expected[key] = list = [];
                }

                if (!list.Any(data => data.AsSpan().SequenceEqual(record.Data)))
                {
                    list.Add(record.Data);
                }
            }
            else
            {
                return new(ResponseCode.FormatError);
            }
        }

        foreach (var ((name, type), wanted) in expected)
        {
            var actual = contents.Find(name, type);
            if (actual.Count != wanted.Count || !wanted.All(data => actual.Any(other => other.AsSpan().SequenceEqual(data))))
            {
                return new(ResponseCode.RecordSetMissing);
            }
        }

        return new(ResponseCode.NoError);
    }

    /// <summary>RFC 2136 §3.4.1 prescan, then this server's policy (§3.3): TXT at SPEC §5 challenge names within the key's scopes only.</summary>
    private static UpdateResult CheckUpdates(IReadOnlyList<UpdateRecord> updates, string origin, ZoneCatalog catalog, TsigKey key)
    {
        foreach (var record in updates)
        {
            if (!IsInZone(record.Name, origin))
            {
                return new(ResponseCode.NotZone);
            }

            var malformed = record.Class switch
            {
                DnsFlags.ClassInternet => IsMetaType(record.Type),
                QueryType.Any => record.Ttl != 0 || record.Data.Length != 0 || (IsMetaType(record.Type) && record.Type != QueryType.Any),
                ClassNone => record.Ttl != 0 || IsMetaType(record.Type),
                _ => true,
            };
            if (malformed)
            {
                return new(ResponseCode.FormatError);
            }
        }

        foreach (var record in updates)
        {
            switch (catalog.Policy.CheckChallengeName(record.Name, catalog, out _))
            {
                case ChallengeNameCheck.Valid:
                    break;
                case ChallengeNameCheck.ZoneApex:
                    return UpdateResult.Refused(
                        $"{record.Name} is the challenge name of the zone apex; a value there would authorise a certificate for all of {origin}, so values are published only below a scope");
                case ChallengeNameCheck.StaticName:
                    return UpdateResult.Refused(
                        $"{record.Name} is the challenge name of a name in the zone files; a value there would authorise a certificate for a name this server does not synthesize");
                default:
                    return UpdateResult.Refused(
                        $"{record.Name} is not a challenge name: only TXT records at {ZonePolicy.ChallengeLabel}.<scope>.{origin} may be changed, e.g. {ZonePolicy.ChallengeLabel}.abc.{origin}");
            }

            if (record.Type != QueryType.Txt && !(record.Class == QueryType.Any && record.Type == QueryType.Any))
            {
                return UpdateResult.Refused($"only TXT records may be changed; type {record.Type} at {record.Name} was refused");
            }

            if (!key.Allows(record.Name))
            {
                return UpdateResult.Refused($"key {key.Name} may change only names within {string.Join(", ", key.Scopes)}; {record.Name} is outside them");
            }

            if (record.Class == DnsFlags.ClassInternet && ChallengeRecord.ReadValue(record.Data) is null)
            {
                return UpdateResult.Refused(
                    $"the TXT record at {record.Name} must hold one string of 43 base64url characters, a DNS-01 digest (RFC 8555 §8.4)");
            }
        }

        return new(ResponseCode.NoError);
    }

    /// <summary>RFC 2136 §3.4.2: the changes in order, worked out on copies first so that a full name refuses the whole message.</summary>
    private UpdateResult Apply(IReadOnlyList<UpdateRecord> updates, string keyName)
    {
        var before = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var after = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var published = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var record in updates)
        {
            if (!after.TryGetValue(record.Name, out var values))
            {
                before[record.Name] = challenges.Find(record.Name).ToArray();
                after[record.Name] = values = [.. before[record.Name]];
                published[record.Name] = [];
            }

            var value = ChallengeRecord.ReadValue(record.Data);
            switch (record.Class)
            {
                case DnsFlags.ClassInternet:
                    // RFC 2136 §3.4.2.2: a duplicate is not added twice; publishing it again restarts its lifetime.
                    if (!values.Contains(value!))
                    {
                        values.Add(value!);
                    }

                    if (!published[record.Name].Contains(value!))
                    {
                        published[record.Name].Add(value!);
                    }

                    break;
                case QueryType.Any:
                    // RFC 2136 §2.5.2, §2.5.3: the TXT set, or every record at the name; here both are the challenge values.
                    values.Clear();
                    published[record.Name].Clear();
                    break;
                default:
                    // RFC 2136 §2.5.4: deleting a record that is not there is no error.
                    if (value is not null)
                    {
                        values.Remove(value);
                        published[record.Name].Remove(value);
                    }

                    break;
            }
        }

        foreach (var (name, values) in after)
        {
            if (values.Count > writer.MaxValuesPerName)
            {
                return UpdateResult.Refused($"{name} would hold {values.Count} values; at most {writer.MaxValuesPerName} may be published at one name");
            }
        }

        var added = after.Sum(pair => pair.Value.Count(value => !before[pair.Key].Contains(value)))
            - after.Sum(pair => before[pair.Key].Count(value => !pair.Value.Contains(value)));
        if (added > writer.Room)
        {
            return UpdateResult.Refused(StoreFullReason);
        }

        foreach (var (name, values) in after)
        {
            foreach (var gone in before[name].Where(value => !values.Contains(value)))
            {
                writer.Remove(name, gone);
                Changed?.Invoke(new ChallengeUpdate(keyName, "remove", name, gone));
            }

            foreach (var value in published[name])
            {
                var outcome = writer.Publish(name, value);
                if (outcome == ChallengeWriteOutcome.NameFull)
                {
                    // Only a control-plane publish between the check and here can fill the name.
                    return new(ResponseCode.ServerFailure);
                }

                if (outcome == ChallengeWriteOutcome.StoreFull)
                {
                    // As above, a control-plane publish took the last room between the check and here.
                    return UpdateResult.Refused(StoreFullReason);
                }

                Changed?.Invoke(new ChallengeUpdate(keyName, outcome == ChallengeWriteOutcome.Refreshed ? "refresh" : "publish", name, value));
            }
        }

        return new(ResponseCode.NoError);
    }

    private static bool IsInZone(string name, string origin) =>
        name == origin || name.EndsWith("." + origin, StringComparison.Ordinal);

    /// <summary>Types that name no record set: OPT, TKEY, TSIG, IXFR, AXFR, MAILB, MAILA and ANY (RFC 2136 §3.4.1.2, RFC 6895 §3.1).</summary>
    private static bool IsMetaType(ushort type) =>
        type is DnsFlags.TypeOpt or DnsFlags.TypeTkey or DnsFlags.TypeTsig or DnsFlags.TypeIxfr or DnsFlags.TypeAxfr or DnsFlags.TypeMailB or DnsFlags.TypeMailA or QueryType.Any;
}
