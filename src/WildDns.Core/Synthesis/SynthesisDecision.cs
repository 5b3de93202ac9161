using WildDns.Core.Codec;

namespace WildDns.Core.Synthesis;

/// <summary>
/// The answer a name gets from the naming rules. <see cref="Address"/> is set for <see cref="AnswerKind.Address"/>;
/// for <see cref="AnswerKind.Alias"/>, <see cref="PayloadStart"/> and <see cref="PayloadLength"/> locate the encoded
/// host name in the query name (prefix removed), for <see cref="EncodedHostName.WriteWire"/>.
/// </summary>
public readonly record struct SynthesisDecision(
    AnswerKind Kind,
    DecisionReason Reason,
    int ZoneIndex,
    DecodedAddress Address = default,
    int PayloadStart = 0,
    int PayloadLength = 0)
{
    /// <summary>The answer is in a served zone: NOERROR or NXDOMAIN with the zone's SOA, never REFUSED.</summary>
    public bool IsInZone => Kind != AnswerKind.NotOurs;

    /// <summary>The record type of the positive answer: A, AAAA, CNAME or TXT; 0 when there is none.</summary>
    public ushort RecordType => Kind switch
    {
        AnswerKind.Address => Address.IsIPv6 ? QueryType.Aaaa : QueryType.A,
        AnswerKind.Alias => QueryType.Cname,
        AnswerKind.Challenge => QueryType.Txt,
        _ => 0,
    };
}
