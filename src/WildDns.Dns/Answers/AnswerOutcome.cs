namespace WildDns.Dns.Answers;

/// <summary>
/// The result of answering one message: how many response bytes, which category, which response code; and the exception
/// when answering failed and the response is SERVFAIL, for the transport to log and count.
/// </summary>
public readonly record struct AnswerOutcome(int Length, AnswerCategory Category, int ResponseCode, ushort QuestionType, bool Truncated, Exception? Failure = null);
