using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Control.Challenges;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Challenges;

/// <summary>The store on its embedded SQLite archive: durability, expiry, change notifications, the allocation-free read.</summary>
public sealed class ChallengeStoreTests : IDisposable
{
    private const string Name = "_acme-challenge.abc.cert.example.com";
    private const string Other = "_acme-challenge.def.cert.example.com";

    private static readonly string First = Digests.Of("first");
    private static readonly string Second = Digests.Of("second");

    private readonly TemporaryDirectory data = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ChallengeOptions options = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void A_reopened_store_holds_every_value_in_publishing_order_with_its_expiry_and_the_serial()
    {
        long serial;
        IReadOnlyList<PublishedChallenge> before;
        using (var store = Open())
        {
            store.Publish(Name, Second);
            store.Publish(Other, First);
            time.Advance(TimeSpan.FromMinutes(5));
            store.Publish(Name, First);
            store.Publish(Name, Second);
            store.Publish(Other, Second);
            store.Remove(Other, First);
            serial = store.Serial;
            before = store.List();
        }

        using var reopened = Open();

        reopened.Find(Name).ToArray().Should().Equal(Second, First);
        reopened.List().Should().Equal(before);
        reopened.Serial.Should().Be(serial);
        reopened.PublishedCount.Should().Be(3);
    }

    [Fact]
    public void Values_that_expired_while_the_store_was_closed_are_gone_when_it_opens()
    {
        using (var store = Open())
        {
            store.Publish(Name, First);
            time.Advance(TimeSpan.FromMinutes(30));
            store.Publish(Name, Second);
        }

        time.Advance(TimeSpan.FromMinutes(45));
        using (var reopened = Open())
        {
            reopened.Find(Name).ToArray().Should().Equal(Second);
        }

        using var again = Open();
        again.List().Select(challenge => challenge.Value).Should().Equal(Second);
    }

    [Fact]
    public void The_lifetime_comes_from_the_options()
    {
        options.Lifetime = TimeSpan.FromMinutes(2);
        using var store = Open();

        var result = store.Publish(Name, First);
        time.Advance(TimeSpan.FromMinutes(2));

        result.ExpiresAt.Should().Be(time.GetUtcNow());
        store.Find(Name).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Every_change_to_the_values_raises_a_higher_serial_and_the_live_count()
    {
        using var store = Open();
        var changes = new List<ChallengeChange>();
        store.Changed += changes.Add;

        store.Publish(Name, First);
        store.Publish(Name, Second);
        store.Publish(Name, Second);
        store.Remove(Name, First);
        store.Remove(Name, First);
        store.Publish(Other, First);
        store.RemoveAll(Name);
        time.Advance(options.Lifetime);

        changes.Select(change => change.PublishedCount).Should().Equal(1, 2, 1, 2, 1, 0);
        changes.Select(change => change.Serial).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        changes[^1].Serial.Should().Be(store.Serial);
    }

    [Fact]
    public void A_failing_change_handler_does_not_undo_the_change()
    {
        using var store = Open();
        store.Changed += _ => throw new InvalidOperationException("a broken subscriber");

        store.Publish(Name, First);

        store.Find(Name).ToArray().Should().Equal(First);
    }

    [Fact]
    public void Find_ignores_letter_case_and_does_not_allocate()
    {
        using var store = Open();
        store.Publish(Name, First);
        var query = "_acme-challenge.ABC.cert.example.com".AsSpan();
        store.Find(query);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = store.Find(query);
        var missing = store.Find("_acme-challenge.zzz.cert.example.com");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        found.ToArray().Should().Equal(First);
        missing.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_second_store_on_the_same_data_directory_is_refused_while_the_first_is_open()
    {
        using var store = Open();
        store.Publish(Name, First);

        var second = () => new SqliteChallengeArchive(data.Path).Load();

        second.Should().Throw<InvalidOperationException>().WithMessage("*in use by another WildDns process*");
    }

    [Fact]
    public async Task Readers_see_a_consistent_set_of_values_while_a_writer_changes_them()
    {
        using var store = Open();
        var values = Enumerable.Range(0, 4).Select(i => Digests.Of($"v{i}")).ToArray();
        using var stop = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                foreach (var value in store.Find(Name))
                {
                    values.Should().Contain(value);
                }

                reads++;
                reading.TrySetResult();
            }

            return reads;
        });

        // On a busy machine the reader may start late: the writer starts once it reads, so that the two overlap.
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var round = 0; round < 50; round++)
        {
            foreach (var value in values)
            {
                store.Publish(Name, value);
            }

            store.RemoveAll(Name);
        }

        stop.Cancel();
        (await reader).Should().BePositive();
    }

    [Fact]
    public void Beyond_the_global_cap_a_new_value_is_refused_while_a_refresh_and_a_value_after_a_removal_are_not()
    {
        options.MaxValues = 2;
        using var store = Open();
        store.Publish(Name, First);
        store.Publish(Other, First);

        var refused = store.Publish(Name, Second);
        var refreshed = store.Publish(Other, First);
        store.Remove(Other, First);
        var afterRemoval = store.Publish(Name, Second);

        refused.Outcome.Should().Be(PublishOutcome.StoreFull);
        refreshed.Outcome.Should().Be(PublishOutcome.Refreshed);
        afterRemoval.Outcome.Should().Be(PublishOutcome.Added);
        store.PublishedCount.Should().Be(2);
        store.Find(Name).ToArray().Should().Equal(First, Second);
    }

    [Fact]
    public void Each_value_expires_at_its_own_time_after_refreshes_and_removals()
    {
        options.Lifetime = TimeSpan.FromMinutes(10);
        using var store = Open();
        store.Publish(Name, First);
        store.Publish(Other, First);
        time.Advance(TimeSpan.FromMinutes(4));
        store.Publish(Name, Second);
        store.Publish(Other, Second);
        time.Advance(TimeSpan.FromMinutes(4));
        store.Publish(Name, First);
        store.Remove(Other, Second);

        time.Advance(TimeSpan.FromMinutes(2));
        var atTen = (store.Find(Name).ToArray(), store.Find(Other).ToArray());
        time.Advance(TimeSpan.FromMinutes(4));
        var atFourteen = (store.Find(Name).ToArray(), store.Find(Other).ToArray());
        time.Advance(TimeSpan.FromMinutes(4));

        atTen.Item1.Should().Equal(First, Second);
        atTen.Item2.Should().BeEmpty("the first value there expired at 10 minutes and the second was removed");
        atFourteen.Item1.Should().Equal(First);
        store.Find(Name).IsEmpty.Should().BeTrue();
        store.PublishedCount.Should().Be(0);
    }

    [Fact]
    public void A_damaged_write_ahead_log_is_reported_and_kept_aside_rather_than_dropped_in_silence()
    {
        using var copy = new TemporaryDirectory();
        Directory.CreateDirectory(copy.Path);
        using (var store = Open())
        {
            store.Publish(Name, First);
            store.Publish(Other, First);

            // What a crash leaves behind: the database and its log, before any checkpoint.
            File.Copy(Path.Combine(data.Path, SqliteChallengeArchive.FileName), Path.Combine(copy.Path, SqliteChallengeArchive.FileName));
            File.Copy(Path.Combine(data.Path, SqliteChallengeArchive.FileName + "-wal"), Path.Combine(copy.Path, SqliteChallengeArchive.FileName + "-wal"));
        }

        var log = Path.Combine(copy.Path, SqliteChallengeArchive.FileName + "-wal");
        var bytes = File.ReadAllBytes(log);
        bytes[^100] ^= 0xff;
        File.WriteAllBytes(log, bytes);
        var logger = new RecordingLogger();

        using var reopened = new ChallengeStore(new SqliteChallengeArchive(copy.Path, logger), time, options);

        logger.Warnings.Should().ContainSingle().Which.Should().Contain("write-ahead log").And.Contain("fails its checksum");
        Directory.GetFiles(copy.Path, SqliteChallengeArchive.FileName + "-wal.damaged-*").Should().ContainSingle();
        reopened.PublishedCount.Should().BeLessThan(2, "SQLite dropped the damaged frame and what came after it");
    }

    [Theory]
    [InlineData("a page overwritten", 1)]
    [InlineData("the schema page overwritten", 0)]
    public void A_database_with_a_damaged_page_stops_the_start_with_one_line(string scenario, int page)
    {
        using (var store = Open())
        {
            store.Publish(Name, First);
        }

        var file = Path.Combine(data.Path, SqliteChallengeArchive.FileName);
        var bytes = File.ReadAllBytes(file);
        var pageSize = (bytes[16] << 8) | bytes[17];
        for (var i = Math.Max(page * pageSize, 100); i < (page + 1) * pageSize; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        File.WriteAllBytes(file, bytes);

        var open = () => Open();

        open.Should().Throw<InvalidOperationException>(scenario).Which.Message.Should().Contain("is damaged").And.NotContain("\n");
    }

    private ChallengeStore Open() => new(new SqliteChallengeArchive(data.Path), time, options);

    /// <summary>Keeps the warnings an archive logs.</summary>
    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == Microsoft.Extensions.Logging.LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
