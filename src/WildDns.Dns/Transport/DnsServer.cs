using System.Net;
using System.Net.Sockets;
using WildDns.Dns.Answers;

namespace WildDns.Dns.Transport;

/// <summary>The UDP and TCP listeners for every configured endpoint, started and stopped together.</summary>
public sealed class DnsServer : IAsyncDisposable
{
    private readonly AnswerEngine engine;
    private readonly IAnswerObserver? observer;
    private readonly DnsServerOptions options;
    private readonly List<DnsUdpListener> udp = [];
    private readonly List<DnsTcpListener> tcp = [];

    public DnsServer(AnswerEngine engine, DnsServerOptions options, IAnswerObserver? observer = null)
    {
        this.engine = engine;
        this.options = options;
        this.observer = observer;
    }

    /// <summary>The endpoints actually bound (with the real port when 0 was asked for), UDP and TCP alike.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints => udp.Select(listener => listener.LocalEndPoint).Distinct().ToArray();

    public bool IsListening => udp.Count > 0;

    /// <summary>Bound TCP connections open right now.</summary>
    public int OpenTcpConnections => tcp.Sum(listener => listener.OpenConnections);

    /// <summary>
    /// Binds every endpoint. An endpoint whose address this host lacks (no IPv6, say) is skipped and reported in the
    /// result; any other failure, or no endpoint bound at all, throws <see cref="DnsBindException"/> naming the endpoint.
    /// </summary>
    public IReadOnlyList<string> Start()
    {
        var skipped = new List<string>();
        foreach (var endpoint in options.Endpoints)
        {
            try
            {
                BindPair(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
            {
                skipped.Add($"{Describe(endpoint)}: {e.Message}");
            }
            catch (SocketException e)
            {
                DisposeListeners();
                throw new DnsBindException($"cannot listen for DNS on {Describe(endpoint)}: {e.Message}", e);
            }
        }

        if (udp.Count == 0)
        {
            throw new DnsBindException($"no DNS endpoint could be bound: {string.Join("; ", skipped)}");
        }

        udp.ForEach(listener => listener.Start());
        tcp.ForEach(listener => listener.Start());
        return skipped;
    }

    /// <summary>Stops accepting, answers what is in hand, and closes, within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var udpStops = udp.Select(listener => Task.Run(() => listener.Stop(grace)));
        var tcpStops = tcp.Select(listener => listener.StopAsync(grace));
        await Task.WhenAll(udpStops.Concat(tcpStops)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        DisposeListeners();
    }

    private static string Describe(IPEndPoint endpoint) => $"{endpoint} (UDP and TCP)";

    /// <summary>
    /// Binds UDP, then TCP on the same port. Port 0 asks for any free port, but the kernel picks it for UDP alone and
    /// the same number may be taken for TCP (by an outgoing connection, say): then another free port is tried.
    /// </summary>
    private void BindPair(IPEndPoint endpoint)
    {
        const int attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var receivers = Math.Max(1, options.UdpReceiversPerSocket);
            var group = OperatingSystem.IsLinux() && receivers > 1 ? new ReusePortGroup(receivers, new SteeringPolicy()) : null;
            var udpListener = new DnsUdpListener(endpoint, engine, observer, options, group, group is null ? receivers : 1);
            try
            {
                // TCP binds without SO_REUSEPORT, so a second server on the same port fails here rather than
                // silently joining the first one's UDP group.
                tcp.Add(new DnsTcpListener(udpListener.LocalEndPoint, engine, observer, options));
                udp.Add(udpListener);
                for (var i = 1; group is not null && i < receivers; i++)
                {
                    udp.Add(new DnsUdpListener(udpListener.LocalEndPoint, engine, observer, options, group, receivers: 1));
                }

                return;
            }
            catch (SocketException e) when (endpoint.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < attempts)
            {
                udpListener.Dispose();
            }
            catch
            {
                udpListener.Dispose();
                throw;
            }
        }
    }

    private void DisposeListeners()
    {
        udp.ForEach(listener => listener.Dispose());
        tcp.ForEach(listener => listener.Dispose());
        udp.Clear();
        tcp.Clear();
    }
}
