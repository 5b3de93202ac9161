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
    private readonly UpdateQueue updates;
    private List<string>? skipped;

    public DnsServer(AnswerEngine engine, DnsServerOptions options, IAnswerObserver? observer = null)
    {
        this.engine = engine;
        this.options = options;
        this.observer = observer;
        updates = new UpdateQueue(engine, observer);
    }

    /// <summary>The endpoints actually bound (with the real port when 0 was asked for), UDP and TCP alike.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints => udp.Select(listener => listener.LocalEndPoint).Distinct().ToArray();

    /// <summary>True once <see cref="Start"/> has the listeners serving.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Bound TCP connections open right now.</summary>
    public int OpenTcpConnections => tcp.Sum(listener => listener.OpenConnections);

    /// <summary>
    /// Binds every endpoint, without serving yet. An endpoint whose address this host lacks (no IPv6, say) is skipped and
    /// reported in the result; any other failure, or no endpoint bound at all, throws <see cref="DnsBindException"/>
    /// naming the endpoint. A second call returns the first one's result.
    /// </summary>
    public IReadOnlyList<string> Bind()
    {
        if (skipped is not null)
        {
            return skipped;
        }

        var skips = new List<string>();
        foreach (var endpoint in options.Endpoints)
        {
            try
            {
                BindPair(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
            {
                skips.Add($"{Describe(endpoint)}: {e.Message}");
            }
            catch (SocketException e)
            {
                DisposeListeners();
                throw new DnsBindException($"cannot listen for DNS on {Describe(endpoint)}: {e.Message}", e);
            }
        }

        if (udp.Count == 0)
        {
            throw new DnsBindException($"no DNS endpoint could be bound: {string.Join("; ", skips)}");
        }

        skipped = skips;
        return skipped;
    }

    /// <summary>Binds (see <see cref="Bind"/>) unless already bound, then serves every endpoint.</summary>
    public IReadOnlyList<string> Start()
    {
        var skips = Bind();
        udp.ForEach(listener => listener.Start());
        tcp.ForEach(listener => listener.Start());
        IsListening = true;
        return skips;
    }

    /// <summary>Stops accepting, answers what is in hand, and closes, within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        // Queued UPDATEs first, while their sockets can still carry the answers; UPDATEs arriving meanwhile are dropped
        // (the sender retries), and every other query is still answered.
        await updates.StopAsync(grace).ConfigureAwait(false);
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
    /// Binds TCP, then UDP on the same port, so that no other process shares either. TCP binds first and without
    /// SO_REUSEPORT: it is the port's lock, and a second server fails there before it holds a socket that could take a
    /// datagram. Before a SO_REUSEPORT group is built, an exclusive UDP socket proves the port free (a group of another
    /// process, even of this user, would otherwise be joined silently); and the group's steering programs pick only
    /// among its own members, so a socket that joins later gets nothing. Where no program can be attached the kernel's
    /// hash would share datagrams with such a socket, so one exclusive socket serves all the loops instead.
    /// Port 0 asks for any free port, but the kernel picks it for TCP alone and the same number may be taken for UDP:
    /// then another free port is tried.
    /// </summary>
    private void BindPair(IPEndPoint endpoint)
    {
        const int attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var receivers = Math.Max(1, options.UdpReceiversPerSocket);
            var tcpListener = new DnsTcpListener(endpoint, engine, observer, options);
            var bound = tcpListener.LocalEndPoint;
            var udpListeners = new List<DnsUdpListener>();
            try
            {
                var group = OperatingSystem.IsLinux() && receivers > 1 ? new ReusePortGroup(receivers, new SteeringPolicy()) : null;
                if (group is not null)
                {
                    using var probe = new Socket(bound.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    if (bound.AddressFamily == AddressFamily.InterNetworkV6)
                    {
                        probe.DualMode = false;
                    }

                    probe.Bind(bound);
                }

                udpListeners.Add(new DnsUdpListener(bound, engine, observer, options, group, group is null ? receivers : 1, updates));
                if (group is { HasProgram: false })
                {
                    udpListeners[0].Dispose();
                    udpListeners.Clear();
                    group = null;
                    udpListeners.Add(new DnsUdpListener(bound, engine, observer, options, null, receivers, updates));
                }

                for (var i = 1; group is not null && i < receivers; i++)
                {
                    udpListeners.Add(new DnsUdpListener(bound, engine, observer, options, group, receivers: 1, updates));
                }

                tcp.Add(tcpListener);
                udp.AddRange(udpListeners);
                return;
            }
            catch (SocketException e) when (endpoint.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < attempts)
            {
                udpListeners.ForEach(listener => listener.Dispose());
                tcpListener.Dispose();
            }
            catch
            {
                udpListeners.ForEach(listener => listener.Dispose());
                tcpListener.Dispose();
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
