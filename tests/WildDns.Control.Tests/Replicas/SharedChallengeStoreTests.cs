using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Control.Challenges;
using WildDns.Control.Replicas;
using WildDns.Testing;
using Xunit;

namespace WildDns.Control.Tests.Replicas;

/// <summary>
/// Two stores in this process on one PostgreSQL database, as two replicas see it: what one changes the other serves after a
/// resync (the change feed's job in a server), with one serial, one expiry and one limit per name between them.
/// </summary>
public sealed class SharedChallengeStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    private static readonly string First = Digests.Of("first");
    private static readonly string Second = Digests.Of("second");
    private static readonly string Third = Digests.Of("third");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> opened = [];

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(opened))
        {
            disposable.Dispose();
        }
    }

    [PostgresFact]
    public async Task A_value_published_on_one_replica_is_served_by_the_other_at_the_same_serial()
    {
        var database = await postgres.NewDatabaseAsync();
        var (one, two) = (Open(database, "one"), Open(database, "two"));

        one.Publish(Name, First).Outcome.Should().Be(PublishOutcome.Added);
        two.Resync().Should().BeTrue();

        two.Find(Name).ToArray().Should().Equal(First);
        two.Serial.Should().Be(one.Serial).And.BeGreaterThan(0);
        two.Resync().Should().BeFalse("nothing changed since");
    }

    [PostgresFact]
    public async Task A_refresh_on_one_replica_moves_the_expiry_on_the_other()
    {
        var database = await postgres.NewDatabaseAsync();
        var (one, two) = (Open(database, "one"), Open(database, "two"));
        one.Publish(Name, First);
        two.Resync();
        time.Advance(TimeSpan.FromMinutes(40));

        one.Publish(Name, First).Outcome.Should().Be(PublishOutcome.Refreshed);
        two.Resync().Should().BeTrue("a refresh takes a serial, so that every replica learns the new expiry");
        time.Advance(TimeSpan.FromMinutes(40));

        two.Find(Name).ToArray().Should().Equal(First);
        two.List().Single().ExpiresAt.Should().Be(time.GetUtcNow() + TimeSpan.FromMinutes(20));
    }

    [PostgresFact]
    public async Task Both_replicas_sweep_an_expired_value_and_it_takes_one_serial()
    {
        var database = await postgres.NewDatabaseAsync();
        var (one, two) = (Open(database, "one"), Open(database, "two"));
        one.Publish(Name, First);
        two.Resync();
        var serial = one.Serial;

        time.Advance(TimeSpan.FromHours(1));
        one.Resync();
        two.Resync();

        one.Find(Name).ToArray().Should().BeEmpty();
        two.Find(Name).ToArray().Should().BeEmpty();
        one.Serial.Should().Be(serial + 1);
        two.Serial.Should().Be(serial + 1);
    }

    [PostgresFact]
    public async Task A_name_full_across_replicas_refuses_a_publish_on_either()
    {
        var database = await postgres.NewDatabaseAsync();
        var limit = new ChallengeOptions { MaxValuesPerName = 2 };
        var (one, two) = (Open(database, "one", limit), Open(database, "two", limit));
        one.Publish(Name, First);
        two.Publish(Name, Second);

        one.Publish(Name, Third).Outcome.Should().Be(PublishOutcome.NameFull, "the shared store decides, though one has not read two's value yet");
        two.Publish(Name, Third).Outcome.Should().Be(PublishOutcome.NameFull);
        one.Resync();
        one.Find(Name).ToArray().Should().Equal(First, Second);
    }

    [PostgresFact]
    public async Task A_publish_that_a_live_replica_does_not_follow_fails_naming_it_and_is_stored_all_the_same()
    {
        var database = await postgres.NewDatabaseAsync();
        var one = Open(database, "one");
        var laggard = Registry(Store(database, "laggard"), "laggard");
        laggard.Register(0);

        var publish = () => one.Publish(Name, First);

        var failure = publish.Should().Throw<ReplicasBehindException>().Which;
        failure.Replicas.Should().Equal("laggard");
        failure.Message.Should().Contain("replica laggard did not serve it");
        one.Find(Name).ToArray().Should().Equal(First);

        laggard.Report(one.Serial + 1);
        one.Publish(Name, Second).Outcome.Should().Be(PublishOutcome.Added);
        laggard.Leave();
    }

    [PostgresFact]
    public async Task Migrating_a_migrated_database_changes_nothing_and_a_newer_schema_is_refused()
    {
        var database = await postgres.NewDatabaseAsync();
        Open(database, "one").Publish(Name, First);
        Open(database, "two").Find(Name).ToArray().Should().Equal(First);

        var store = Store(database, "three");
        store.Run(connection => new Npgsql.NpgsqlCommand("UPDATE wilddns_schema SET version = 99;", connection).ExecuteNonQuery());
        var open = () => new PostgresChallengeArchive(store, Registry(store, "three"));

        open.Should().Throw<InvalidOperationException>().WithMessage("*newer WildDns (schema 99)*");
    }

    private ChallengeStore Open(string connectionString, string replica, ChallengeOptions? options = null)
    {
        var store = Store(connectionString, replica);
        var challenges = new ChallengeStore(new PostgresChallengeArchive(store, Registry(store, replica)), time, options ?? new ChallengeOptions());
        opened.Add(challenges);
        return challenges;
    }

    private PostgresStore Store(string connectionString, string replica)
    {
        var store = new PostgresStore(Options(connectionString), replica, NullLogger<PostgresStore>.Instance);
        opened.Add(store);
        return store;
    }

    private static ReplicaRegistry Registry(PostgresStore store, string replica) =>
        new(store, Options(string.Empty), replica, NullLogger<ReplicaRegistry>.Instance);

    private static StoreOptions Options(string connectionString) => new()
    {
        ConnectionString = connectionString,
        PublishTimeout = TimeSpan.FromMilliseconds(300),
    };
}
