using System.Net;
using WildDns.Core.Challenges;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Transport;
using WildDns.Dns.Updates;
using WildDns.Dns.Zones;

namespace WildDns.Dns.Tests.Transport;

/// <summary>The real <see cref="DnsServer"/> on a free loopback port, answering from the shipped zone and fixed challenges.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(DnsServer server, IPEndPoint endpoint)
    {
        Server = server;
        Endpoint = endpoint;
    }

    public DnsServer Server { get; }

    /// <summary>Where UDP and TCP both listen.</summary>
    public IPEndPoint Endpoint { get; }

    public int Port => Endpoint.Port;

    /// <summary>
    /// Starts a server; <paramref name="configure"/> changes the transport settings (timeouts, caps); <paramref name="updates"/>
    /// answers UPDATE and signed messages; <paramref name="observer"/> is told of every answer.
    /// </summary>
    public static TestServer Start(
        Func<DnsServerOptions, DnsServerOptions>? configure = null,
        ZoneCatalog? catalog = null,
        IChallengeReader? challenges = null,
        UpdateResponder? updates = null,
        IAnswerObserver? observer = null)
    {
        var engine = new AnswerEngine(catalog ?? ShippedZones.Load(), new AnswerOptions(), challenges ?? new PublishedChallenges(), updates);
        var options = new DnsServerOptions
        {
            Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)],
            UdpReceiversPerSocket = 2,
            UdpReceiveBufferBytes = 1024 * 1024,
        };
        var server = new DnsServer(engine, configure is null ? options : configure(options), observer);
        server.Start();
        return new TestServer(server, server.BoundEndpoints[0]);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
