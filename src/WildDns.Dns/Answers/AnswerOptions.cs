namespace WildDns.Dns.Answers;

/// <summary>TTLs and size limits of synthesized answers.</summary>
public sealed record AnswerOptions
{
    /// <summary>A decoded address never changes, so caches may keep it long (seconds).</summary>
    public uint AddressTtl { get; init; } = 3600;

    /// <summary>TTL of decoded CNAME records (seconds).</summary>
    public uint AliasTtl { get; init; } = 3600;

    /// <summary>Short, so that a CA sees a new value soon after it is published (seconds).</summary>
    public uint ChallengeTtl { get; init; } = 60;

    /// <summary>RFC 6891 §6.2.5; 1232 avoids IP fragmentation on nearly every path (DNS Flag Day 2020).</summary>
    public ushort MaxUdpSize { get; init; } = 1232;
}
