namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Dns:RateLimit</c> section: response rate limiting of UDP answers (docs/configuration.md).</summary>
public sealed class RateLimitSettings
{
    public const string Section = "WildDns:Dns:RateLimit";

    /// <summary>Identical responses per second to one source network; 0 turns rate limiting off.</summary>
    public int ResponsesPerSecond { get; set; } = 20;

    /// <summary>Responses a quiet bucket lets through at once.</summary>
    public int Burst { get; set; } = 40;

    /// <summary>Every Nth limited response is sent truncated instead of dropped; 0 drops all, 1 truncates all.</summary>
    public int Slip { get; set; } = 2;

    public int Ipv4PrefixLength { get; set; } = 24;

    public int Ipv6PrefixLength { get; set; } = 56;

    /// <summary>Networks (CIDR) never limited.</summary>
    public List<string> Exempt { get; set; } = [];

    /// <summary>Buckets in the fixed table.</summary>
    public int TableSize { get; set; } = 65536;
}
