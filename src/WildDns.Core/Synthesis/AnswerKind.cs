namespace WildDns.Core.Synthesis;

/// <summary>What kind of answer a name gets, before static zone data and published challenges are consulted.</summary>
public enum AnswerKind
{
    /// <summary>An A or AAAA record decoded from the payload.</summary>
    Address,

    /// <summary>A CNAME record decoded from the payload.</summary>
    Alias,

    /// <summary>An <c>_acme-challenge</c> name: TXT records for whatever is published there, NODATA when nothing is.</summary>
    Challenge,

    /// <summary>A name with no records of its own that has names with records below it (RFC 8020): NODATA.</summary>
    EmptyNonTerminal,

    /// <summary>The name exists, but has no record of the asked type: NODATA.</summary>
    NoData,

    /// <summary>Nothing exists at or below the name: NXDOMAIN.</summary>
    NonExistent,

    /// <summary>The name is in none of the served zones: REFUSED.</summary>
    NotOurs,
}
