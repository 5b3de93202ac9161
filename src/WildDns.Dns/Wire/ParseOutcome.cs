namespace WildDns.Dns.Wire;

/// <summary>How far a query message could be read.</summary>
internal enum ParseOutcome
{
    /// <summary>Header and one question read; the rest of the message is well formed.</summary>
    Query,

    /// <summary>No header, or a response (QR=1): send nothing, so that nobody can make us answer answers.</summary>
    Drop,

    /// <summary>A header but a malformed body: FORMERR (RFC 1035 §4.1.1).</summary>
    FormatError,

    /// <summary>The question count is not one: FORMERR with no question echoed.</summary>
    QuestionCount,
}
