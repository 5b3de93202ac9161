using BenchmarkDotNet.Attributes;
using WildDns.Bench.Dns;
using WildDns.Control.Challenges;

namespace WildDns.Bench.Control;

/// <summary>
/// What one change costs the challenge store as it fills: a publish of a new value and its removal, at 1,000 and at 20,000
/// live values. The archive records nothing (SQLite's fsync, the same at any size, would hide the store's own cost), so the
/// ratio between the two rows is the store's growth alone; a store that walks every value on a change grows with the count.
/// </summary>
[MemoryDiagnoser]
public class PublishRateBenchmarks
{
    private const string Value = "LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE";

    private ChallengeStore store = null!;
    private int next;

    [Params(1_000, 20_000)]
    public int LiveValues { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Two values a name, expiring a day from now, as a busy server holds them.
        var archive = MemoryChallengeArchive.Generated(LiveValues / 2, DateTimeOffset.UtcNow.AddDays(1));
        store = new ChallengeStore(archive, TimeProvider.System, new ChallengeOptions { MaxValues = 1_000_000 });
    }

    [GlobalCleanup]
    public void Cleanup() => store.Dispose();

    [Benchmark]
    public bool PublishAndRemove()
    {
        // A third value at one of the existing names, so the name's own array stays small and only the store's size varies.
        var name = MemoryChallengeArchive.NameAt(next++ % (LiveValues / 2));
        store.Publish(name, Value);
        return store.Remove(name, Value);
    }
}
