namespace WildDns.Dns.Answers;

/// <summary>The result of answering one message: how many response bytes, which category, which response code.</summary>
public readonly record struct AnswerOutcome(int Length, AnswerCategory Category, int ResponseCode, ushort QuestionType, bool Truncated);
