namespace WildDns.Core.Synthesis;

/// <summary>Why a name got its answer kind, in words that logs, metrics and <c>wilddns explain</c> can show.</summary>
public enum DecisionReason
{
    /// <summary>The payload decodes as an address of the asked family.</summary>
    AddressDecoded,

    /// <summary>The payload decodes as a host name.</summary>
    AliasDecoded,

    /// <summary>The name is <c>_acme-challenge.</c> before a valid scope.</summary>
    ChallengeName,

    /// <summary>The name is the zone apex, whose records come from the zone file only.</summary>
    ZoneApex,

    /// <summary>The name is a scope, or the tail of one, with names below it.</summary>
    ScopeAncestor,

    /// <summary>The payload is an address of the other family, or the query asks for a type the name lacks.</summary>
    OtherRecordType,

    /// <summary>The payload is an address outside the zone's allowed networks.</summary>
    AddressNotAllowed,

    /// <summary>The scope holds the <c>a</c> type label, but the payload is not an address.</summary>
    TypeLabelWantsAddress,

    /// <summary>The scope holds the <c>cname</c> type label, but the payload is not a host name.</summary>
    TypeLabelWantsHostName,

    /// <summary>The payload has the <c>ip-</c> prefix, but the rest is not an address.</summary>
    PrefixWantsAddress,

    /// <summary>The payload has the <c>dn-</c> prefix, but the rest is not a host name.</summary>
    PrefixWantsHostName,

    /// <summary>The payload is neither an address nor a host name of at least two labels.</summary>
    PayloadNotDecodable,

    /// <summary>The labels below the zone hold more identifiers than the zone allows.</summary>
    ScopeTooDeep,

    /// <summary>The scope holds two type labels.</summary>
    TwoTypeLabels,

    /// <summary>The scope holds a type label but no identifier.</summary>
    NoIdentifier,

    /// <summary>A scope label is not an LDH label, so it cannot be an identifier.</summary>
    InvalidIdentifier,

    /// <summary>The name is in none of the served zones.</summary>
    OutsideZones,
}
