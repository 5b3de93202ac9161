namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Dns</c> configuration section: where and how DNS is served.</summary>
public sealed class DnsSettings
{
    public const string Section = "WildDns:Dns";

    /// <summary>UDP and TCP port; 0 takes any free port (for tests).</summary>
    public int Port { get; set; } = 5353;

    /// <summary>Addresses to listen on; each gets UDP and TCP.</summary>
    public List<string> Listen { get; set; } = [];

    public int MaxUdpSize { get; set; } = 1232;

    public int TcpIdleTimeoutSeconds { get; set; } = 10;

    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>The most TCP connections one source (an IPv4 address, an IPv6 /64) may hold open at once.</summary>
    public int MaxTcpConnectionsPerSource { get; set; } = 32;

    /// <summary>Percent of <see cref="MaxTcpConnections"/> kept for sources with no connection open.</summary>
    public int TcpReservedPercent { get; set; } = 10;

    /// <summary>Receive loops per UDP socket; 0 means one per core.</summary>
    public int UdpReceivers { get; set; }

    /// <summary>How long a stop waits for in-flight answers.</summary>
    public int ShutdownGraceSeconds { get; set; } = 5;
}
