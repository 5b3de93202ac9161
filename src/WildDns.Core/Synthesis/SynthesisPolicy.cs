using WildDns.Core.Codec;

namespace WildDns.Core.Synthesis;

/// <summary>
/// Decides, from a query name and type alone, what answer the naming rules give (SPEC §2 and §3).
/// Static zone data and published challenge values are the caller's to consult. Thread-safe; never allocates.
/// </summary>
/// <example>
/// <c>192-168-2-1.abc.cert.example.com</c> A → Address 192.168.2.1;
/// <c>pacs--hospital-abc--com.abc.cname.cert.example.com</c> AAAA → Alias;
/// <c>abc.cert.example.com</c> A → EmptyNonTerminal; <c>x.y.z.cert.example.com</c> → NonExistent;
/// <c>example.org</c> → NotOurs.
/// </example>
public sealed class SynthesisPolicy
{
    private const string AddressPrefix = "ip-";
    private const string HostNamePrefix = "dn-";

    private readonly ZonePolicy[] zones;

    public SynthesisPolicy(IEnumerable<ZonePolicy> zones)
    {
        this.zones = [.. zones];
        var duplicate = this.zones.GroupBy(zone => zone.Origin).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The zone '{duplicate.Key}' is configured twice.", nameof(zones));
        }
    }

    public IReadOnlyList<ZonePolicy> Zones => zones;

    /// <summary>Finds the served zone with the longest origin that holds <paramref name="name"/>; -1 when none does.</summary>
    public int FindZone(ReadOnlySpan<char> name)
    {
        name = TrimRoot(name);
        var best = -1;
        for (var i = 0; i < zones.Length; i++)
        {
            var origin = zones[i].Origin;
            if (IsAtOrBelow(name, origin) && (best < 0 || origin.Length > zones[best].Origin.Length))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Decides the answer for a name (any letter case, with or without the root dot) and query type.</summary>
    public SynthesisDecision Decide(ReadOnlySpan<char> name, ushort queryType)
    {
        name = TrimRoot(name);
        var zoneIndex = FindZone(name);
        if (zoneIndex < 0)
        {
            return new(AnswerKind.NotOurs, DecisionReason.OutsideZones, -1);
        }

        var zone = zones[zoneIndex];
        if (name.Length == zone.Origin.Length)
        {
            return new(AnswerKind.NoData, DecisionReason.ZoneApex, zoneIndex);
        }

        var relative = name[..(name.Length - zone.Origin.Length - 1)];
        var firstDot = relative.IndexOf('.');
        var payload = firstDot < 0 ? relative : relative[..firstDot];
        DecisionReason failure;
        if (firstDot < 0)
        {
            failure = DecisionReason.PayloadNotDecodable;
        }
        else
        {
            var scope = ReadScope(relative[(firstDot + 1)..], zone);
            if (!scope.IsValid)
            {
                failure = scope.Error!.Value;
            }
            else if (scope.Identifiers == 0)
            {
                failure = DecisionReason.NoIdentifier;
            }
            else if (payload.Equals(ZonePolicy.ChallengeLabel, StringComparison.OrdinalIgnoreCase))
            {
                return queryType is QueryType.Txt or QueryType.Any
                    ? new(AnswerKind.Challenge, DecisionReason.ChallengeName, zoneIndex)
                    : new(AnswerKind.NoData, DecisionReason.OtherRecordType, zoneIndex);
            }
            else
            {
                var decision = DecidePayload(payload, scope.TypeLabel, zone, zoneIndex, queryType);
                if (decision.Kind != AnswerKind.NonExistent)
                {
                    return decision;
                }

                failure = decision.Reason;
            }
        }

        // RFC 8020: a name that has names with answers below it must not be NXDOMAIN.
        if (ReadScope(relative, zone).IsValid)
        {
            return failure == DecisionReason.AddressNotAllowed
                ? new(AnswerKind.NoData, failure, zoneIndex)
                : new(AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor, zoneIndex);
        }

        return new(AnswerKind.NonExistent, failure, zoneIndex);
    }

    /// <summary>Checks a name for publishing challenge values; on <see cref="ChallengeNameCheck.Valid"/> gives its zone.</summary>
    public ChallengeNameCheck CheckChallengeName(ReadOnlySpan<char> name, out int zoneIndex) => CheckChallengeName(name, null, out zoneIndex);

    /// <summary>
    /// Checks a name for publishing challenge values, every path alike (SPEC §5): the shape, the apex, and with
    /// <paramref name="staticNames"/> the zone files' names, whose certificates must never be obtainable through a challenge.
    /// </summary>
    public ChallengeNameCheck CheckChallengeName(ReadOnlySpan<char> name, IStaticNames? staticNames, out int zoneIndex)
    {
        var check = CheckChallengeShape(name, out zoneIndex);
        if (check != ChallengeNameCheck.Valid || staticNames is null)
        {
            return check;
        }

        var scope = TrimRoot(name)[(ZonePolicy.ChallengeLabel.Length + 1)..];
        Span<char> lower = stackalloc char[scope.Length];
        scope.ToLowerInvariant(lower);
        return staticNames.IsAtOrAboveStaticName(lower) ? ChallengeNameCheck.StaticName : ChallengeNameCheck.Valid;
    }

    private ChallengeNameCheck CheckChallengeShape(ReadOnlySpan<char> name, out int zoneIndex)
    {
        name = TrimRoot(name);
        zoneIndex = FindZone(name);
        if (zoneIndex < 0)
        {
            return ChallengeNameCheck.OutsideZones;
        }

        var origin = zones[zoneIndex].Origin;
        if (name.Length == ZonePolicy.ChallengeLabel.Length + 1 + origin.Length
            && name.StartsWith(ZonePolicy.ChallengeLabel, StringComparison.OrdinalIgnoreCase))
        {
            return ChallengeNameCheck.ZoneApex;
        }

        return Decide(name, QueryType.Txt).Kind == AnswerKind.Challenge ? ChallengeNameCheck.Valid : ChallengeNameCheck.Invalid;
    }

    private static SynthesisDecision DecidePayload(ReadOnlySpan<char> payload, TypeLabel typeLabel, ZonePolicy zone, int zoneIndex, ushort queryType)
    {
        var offset = 0;
        bool wantsAddress;
        DecisionReason wrongForm;
        if (typeLabel == TypeLabel.Address)
        {
            // An address never starts with "ip-", so the prefix may stand here too without ambiguity.
            offset = payload.StartsWith(AddressPrefix, StringComparison.OrdinalIgnoreCase) ? AddressPrefix.Length : 0;
            wantsAddress = true;
            wrongForm = DecisionReason.TypeLabelWantsAddress;
        }
        else if (typeLabel == TypeLabel.Alias)
        {
            // SPEC §2: under the cname label the payload is read whole, so host names may start with "dn-" or "ip-".
            wantsAddress = false;
            wrongForm = DecisionReason.TypeLabelWantsHostName;
        }
        else if (payload.StartsWith(AddressPrefix, StringComparison.OrdinalIgnoreCase))
        {
            offset = AddressPrefix.Length;
            wantsAddress = true;
            wrongForm = DecisionReason.PrefixWantsAddress;
        }
        else if (payload.StartsWith(HostNamePrefix, StringComparison.OrdinalIgnoreCase))
        {
            offset = HostNamePrefix.Length;
            wantsAddress = false;
            wrongForm = DecisionReason.PrefixWantsHostName;
        }
        else if (EncodedAddress.TryDecode(payload, out var plain))
        {
            return AddressAnswer(plain, zone, zoneIndex, queryType);
        }
        else
        {
            wantsAddress = false;
            wrongForm = DecisionReason.PayloadNotDecodable;
        }

        var body = payload[offset..];
        if (wantsAddress)
        {
            return EncodedAddress.TryDecode(body, out var address)
                ? AddressAnswer(address, zone, zoneIndex, queryType)
                : new(AnswerKind.NonExistent, wrongForm, zoneIndex);
        }

        return EncodedHostName.IsValid(body)
            ? new(AnswerKind.Alias, DecisionReason.AliasDecoded, zoneIndex, PayloadStart: offset, PayloadLength: body.Length)
            : new(AnswerKind.NonExistent, wrongForm, zoneIndex);
    }

    private static SynthesisDecision AddressAnswer(DecodedAddress address, ZonePolicy zone, int zoneIndex, ushort queryType)
    {
        if (!zone.AllowedNetworks.Contains(address))
        {
            return new(AnswerKind.NonExistent, DecisionReason.AddressNotAllowed, zoneIndex, address);
        }

        var matches = queryType == QueryType.Any || queryType == (address.IsIPv6 ? QueryType.Aaaa : QueryType.A);
        return matches
            ? new(AnswerKind.Address, DecisionReason.AddressDecoded, zoneIndex, address)
            : new(AnswerKind.NoData, DecisionReason.OtherRecordType, zoneIndex, address);
    }

    /// <summary>Reads labels as a scope: LDH identifiers (at most the zone's maximum) and at most one type label.</summary>
    private static ScopeShape ReadScope(ReadOnlySpan<char> labels, ZonePolicy zone)
    {
        var identifiers = 0;
        var typeLabel = TypeLabel.None;
        foreach (var range in labels.Split('.'))
        {
            var label = labels[range];
            var kind = label.Equals(zone.AddressLabel, StringComparison.OrdinalIgnoreCase) ? TypeLabel.Address
                : label.Equals(zone.AliasLabel, StringComparison.OrdinalIgnoreCase) ? TypeLabel.Alias
                : TypeLabel.None;
            if (kind != TypeLabel.None)
            {
                if (typeLabel != TypeLabel.None)
                {
                    return new(identifiers, typeLabel, DecisionReason.TwoTypeLabels);
                }

                typeLabel = kind;
            }
            else if (!LdhLabel.IsValid(label))
            {
                return new(identifiers, typeLabel, DecisionReason.InvalidIdentifier);
            }
            else if (++identifiers > zone.MaxIdentifierLabels)
            {
                return new(identifiers, typeLabel, DecisionReason.ScopeTooDeep);
            }
        }

        return new(identifiers, typeLabel, null);
    }

    private static bool IsAtOrBelow(ReadOnlySpan<char> name, string origin) =>
        name.EndsWith(origin, StringComparison.OrdinalIgnoreCase)
        && (name.Length == origin.Length || name[name.Length - origin.Length - 1] == '.');

    private static ReadOnlySpan<char> TrimRoot(ReadOnlySpan<char> name) =>
        name.Length > 0 && name[^1] == '.' ? name[..^1] : name;
}
