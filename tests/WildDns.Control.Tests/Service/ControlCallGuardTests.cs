using System.Diagnostics.Metrics;
using FluentAssertions;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Control.Challenges;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Service;

/// <summary>
/// A handler that throws is answered with a status that says what happened (never gRPC's "Unknown: Exception was thrown by
/// handler"), is counted, and leaves the server serving the next call.
/// </summary>
public sealed class ControlCallGuardTests : IAsyncLifetime
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    private readonly TemporaryDirectory data = new();
    private FailingArchive archive = null!;
    private ControlPlaneHost host = null!;

    public static TheoryData<string, Exception, StatusCode, string> Failures => new()
    {
        { "disk full", new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), StatusCode.Unavailable, "database or disk is full" },
        { "I/O error", new IOException("Input/output error"), StatusCode.Unavailable, "Input/output error" },
        { "store closed while stopping", new ObjectDisposedException(nameof(ChallengeStore)), StatusCode.Unavailable, "shutting down" },
        { "a fault of ours", new InvalidCastException("unexpected"), StatusCode.Internal, "InvalidCastException" },
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(data.Path);
        archive = new FailingArchive(data.Path);
        host = await ControlPlaneHost.StartAsync(data.Path, services: services => services.AddSingleton<IChallengeArchive>(archive));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        data.Dispose();
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_store_is_answered_with_a_clear_status_counted_and_the_next_call_succeeds(
        string scenario, Exception failure, StatusCode expected, string detail)
    {
        using var client = host.Client();
        using var failures = new FailureCounter(host.Services.GetRequiredService<IMeterFactory>());
        archive.Failure = failure;

        var refused = await client.Invoking(c => c.PublishAsync(Name, Digests.Of("x"))).Should().ThrowAsync<RpcException>(scenario);
        archive.Failure = null;
        await client.PublishAsync(Name, Digests.Of("y"));

        refused.Which.StatusCode.Should().Be(expected, scenario);
        refused.Which.Status.Detail.Should().Contain(detail).And.NotContain("Exception was thrown by handler");
        failures.Count(failure.GetType().FullName!).Should().Be(1, scenario);
        host.Reader.Find(Name).ToArray().Should().Equal(Digests.Of("y"));
    }

    /// <summary>Listens to this host's <c>wilddns.control.failures</c> (not another test's) for the life of one test.</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<string?> types = [];

        public FailureCounter(IMeterFactory scope)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "wilddns.control.failures" && instrument.Meter.Scope == scope)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "error.type")
                    {
                        lock (types)
                        {
                            types.Add(tag.Value as string);
                        }
                    }
                }
            });
            listener.Start();
        }

        public int Count(string type)
        {
            lock (types)
            {
                return types.Count(candidate => candidate == type);
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
