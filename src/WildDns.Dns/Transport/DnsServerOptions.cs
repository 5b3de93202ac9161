using System.Net;
using WildDns.Dns.RateLimiting;

namespace WildDns.Dns.Transport;

/// <summary>Where and how the DNS listeners run.</summary>
public sealed record DnsServerOptions
{
    /// <summary>Each endpoint gets a UDP and a TCP listener.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; init; } = [new(IPAddress.Loopback, 5353), new(IPAddress.IPv6Loopback, 5353)];

    /// <summary>
    /// Blocking receive loops per endpoint; one per core keeps every core busy without thread-pool hops. On Linux each
    /// loop has its own SO_REUSEPORT socket, and light traffic goes to the first loop alone (<see cref="SteeringPolicy"/>);
    /// elsewhere the loops share one socket.
    /// </summary>
    public int UdpReceiversPerSocket { get; init; } = Environment.ProcessorCount;

    /// <summary>RFC 7766 §6.2.3: a connection must bring a complete message within this time of the previous one.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections beyond this many are closed as soon as they are accepted.</summary>
    public int MaxTcpConnections { get; init; } = 1000;

    /// <summary>The most connections one source (an IPv4 address, an IPv6 /64) may hold open at once.</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 32;

    /// <summary>
    /// Share of <see cref="MaxTcpConnections"/>, in percent, kept for sources with no connection open: once the rest are
    /// taken, a source that already has one is turned away.
    /// </summary>
    public int TcpReservedPercent { get; init; } = 10;

    /// <summary>Cookies and response rate limiting for UDP answers; null sends every answer as written.</summary>
    public ReflectionGuard? Guard { get; init; }

    /// <summary>Kernel receive buffer per UDP socket, to ride out bursts from validating CAs.</summary>
    public int UdpReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;
}
