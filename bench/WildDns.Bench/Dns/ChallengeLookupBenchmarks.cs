using BenchmarkDotNet.Attributes;
using WildDns.Control.Challenges;

namespace WildDns.Bench.Dns;

/// <summary>
/// <see cref="ChallengeStore.Find"/> with 10k published names: the read the answer path makes for every
/// <c>_acme-challenge</c> query, on a name that holds values and on one that does not (the usual case while a CA
/// polls before the client has published). Both must stay at 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class ChallengeLookupBenchmarks
{
    private const int PublishedNames = 10_000;

    // Lower case, as the answer path asks: its parser folds the query name before the lookup.
    private static readonly string HitName = MemoryChallengeArchive.NameAt(PublishedNames / 2);
    private static readonly string MissName = MemoryChallengeArchive.NameAt(PublishedNames + 1);

    private ChallengeStore store = null!;

    [GlobalSetup]
    public void Setup()
    {
        var archive = MemoryChallengeArchive.Generated(PublishedNames, DateTimeOffset.UtcNow.AddDays(1));
        store = new ChallengeStore(archive, TimeProvider.System, new ChallengeOptions());
        if (store.Find(HitName).Length != 2 || !store.Find(MissName).IsEmpty)
        {
            throw new InvalidOperationException("The generated store does not hold the names this benchmark looks up.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => store.Dispose();

    [Benchmark]
    public int FindHit() => store.Find(HitName).Length;

    [Benchmark]
    public int FindMiss() => store.Find(MissName).Length;
}
