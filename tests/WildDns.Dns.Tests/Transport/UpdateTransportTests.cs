using System.Collections.Concurrent;
using FluentAssertions;
using WildDns.Core.Challenges;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Tsig;
using WildDns.Dns.Tests.Updates;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>RFC 2136 UPDATE through the real listeners: where the store is written, and what a failing store gives.</summary>
public sealed class UpdateTransportTests
{
    private const string Name = "_acme-challenge.transport.cert.example.com";

    [Fact]
    public async Task An_update_over_udp_is_written_by_a_worker_not_by_a_udp_receive_thread()
    {
        var store = new ThreadRecordingStore(fail: false);
        await using var server = TestServer.Start(updates: new UpdateResponder(SignedUpdates.Keys, store, store, TimeProvider.System), challenges: store);

        var response = await DnsExchange.SendAsync(server.Endpoint, DnsTransport.Udp, SignedUpdates.Add(Name, SignedUpdates.NewValue()), DnsExchange.ReplyTimeout);

        response.Should().NotBeNull();
        ResponseHeader.Read(response!).ResponseCode.Should().Be(0);
        store.WriterThreads.Should().NotBeEmpty().And.AllSatisfy(thread => thread.Should().NotStartWith("dns-udp"));
    }

    [Theory]
    [InlineData(DnsTransport.Udp)]
    [InlineData(DnsTransport.Tcp)]
    public async Task A_store_that_cannot_write_gives_servfail_is_reported_once_per_request_and_the_server_answers_on(DnsTransport transport)
    {
        var store = new ThreadRecordingStore(fail: true);
        var observer = new FailureRecorder();
        await using var server = TestServer.Start(
            updates: new UpdateResponder(SignedUpdates.Keys, store, store, TimeProvider.System), challenges: store, observer: observer);

        for (var i = 0; i < 3; i++)
        {
            var response = await DnsExchange.SendAsync(server.Endpoint, transport, SignedUpdates.Add(Name, SignedUpdates.NewValue(), id: (ushort)i), DnsExchange.ReplyTimeout);
            response.Should().NotBeNull("attempt {0} over {1} gets an answer", i, transport);
            ResponseHeader.Read(response!).ResponseCode.Should().Be(2);
        }

        var soa = await DnsExchange.SendAsync(server.Endpoint, transport, new QueryBuilder("cert.example.com", 6).Build(), DnsExchange.ReplyTimeout);
        ResponseHeader.Read(soa!).Answers.Should().Be(1);

        // The observer hears of an answer just after it is sent.
        for (var wait = 0; wait < 100 && observer.Failures.Count < 3; wait++)
        {
            await Task.Delay(50);
        }

        observer.Failures.Should().HaveCount(3).And.AllSatisfy(failure => failure.Should().Be((transport, nameof(IOException))));
    }


    /// <summary>The test double's store, noting which thread writes; or a store on a full disk, whose every write throws.</summary>
    private sealed class ThreadRecordingStore(bool fail) : IChallengeReader, IChallengeWriter
    {
        private readonly ChallengeStoreDouble inner = new();

        public ConcurrentQueue<string> WriterThreads { get; } = new();

        public long Serial => inner.Serial;

        public int MaxValuesPerName => inner.MaxValuesPerName;

        public ReadOnlySpan<string> Find(ReadOnlySpan<char> name)
        {
            lock (inner)
            {
                return inner.Find(name);
            }
        }

        public ChallengeWriteOutcome Publish(string name, string value) => Write(() => inner.Publish(name, value));

        public ChallengeWriteOutcome Remove(string name, string value) => Write(() => inner.Remove(name, value));

        public ChallengeWriteOutcome RemoveAll(string name) => Write(() => inner.RemoveAll(name));

        private ChallengeWriteOutcome Write(Func<ChallengeWriteOutcome> write)
        {
            WriterThreads.Enqueue(Thread.CurrentThread.Name ?? $"pool thread {Environment.CurrentManagedThreadId}");
            if (fail)
            {
                throw new IOException("disk full");
            }

            lock (inner)
            {
                return write();
            }
        }
    }

    private sealed class FailureRecorder : IAnswerObserver
    {
        public ConcurrentQueue<(DnsTransport Transport, string Type)> Failures { get; } = new();

        public void OnAnswered(in AnswerOutcome outcome, DnsTransport transport, long startTimestamp)
        {
            if (outcome.Failure is not null)
            {
                Failures.Enqueue((transport, outcome.Failure.GetType().Name));
            }
        }

        public void OnTcpConnections(int delta)
        {
        }
    }
}
