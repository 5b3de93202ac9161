namespace WildDns.Dns.RateLimiting;

/// <summary>What happens to one UDP response once its bucket has been charged.</summary>
public enum RateLimitDecision
{
    /// <summary>Within the rate: sent as the answer engine wrote it.</summary>
    Answer,

    /// <summary>Over the rate, and its turn to slip: sent as an empty truncated answer (TC), so a real resolver retries over TCP.</summary>
    Slip,

    /// <summary>Over the rate: not sent at all.</summary>
    Drop,
}
