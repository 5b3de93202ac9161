namespace WildDns.Dns.Answers;

/// <summary>What a response turned out to be, for metrics and logs.</summary>
public enum AnswerCategory
{
    Address,
    Alias,
    Challenge,
    Static,
    EmptyNonTerminal,
    NoData,
    NonExistent,
    Refused,
    Malformed,
    NotImplemented,
    Update,

    /// <summary>No response was sent: no header could be read, or the message was itself a response.</summary>
    Dropped,

    /// <summary>Answering failed (a store that cannot be written, a message larger than DNS allows): SERVFAIL.</summary>
    Failed,
}
