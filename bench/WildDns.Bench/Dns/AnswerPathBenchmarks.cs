using BenchmarkDotNet.Attributes;
using WildDns.Control.Challenges;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Wire;
using WildDns.Dns.Zones;

namespace WildDns.Bench.Dns;

/// <summary>
/// The whole answer path in process, query bytes to response bytes, once per answer kind: what a server does per
/// query apart from the socket. It runs on the shipped zone and a challenge store with 10k published names, and
/// every query carries EDNS(0) as resolvers send it. The baseline only parses the query, so the ratio column says
/// how many parses one answer costs. Every benchmark must stay at 0 B allocated (bench/allocation-budget.json).
/// </summary>
[MemoryDiagnoser]
public class AnswerPathBenchmarks
{
    private const int PublishedNames = 10_000;
    private const ushort EdnsUdpSize = 1232;

    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    private ChallengeStore store = null!;
    private AnswerEngine engine = null!;
    private byte[] addressQuery = null!;
    private byte[] ipv6Query = null!;
    private byte[] aliasQuery = null!;
    private byte[] aliasChainQuery = null!;
    private byte[] noDataQuery = null!;
    private byte[] nonExistentQuery = null!;
    private byte[] challengeQuery = null!;
    private byte[] staticQuery = null!;
    private byte[] refusedQuery = null!;

    [GlobalSetup]
    public void Setup()
    {
        var archive = MemoryChallengeArchive.Generated(PublishedNames, DateTimeOffset.UtcNow.AddDays(1));
        store = new ChallengeStore(archive, TimeProvider.System, new ChallengeOptions());
        engine = new AnswerEngine(ZoneFileLoader.LoadDirectory(ShippedZones.Directory, origin => new ZonePolicy(origin)), new AnswerOptions(), store);

        // Each query is checked once here, so a change in the zone or the naming rules cannot leave a benchmark
        // quietly measuring a different answer from the one its name says.
        addressQuery = Query("192-168-2-1.e3b0c44298fc1c14.cert.example.com", QueryType.A, AnswerCategory.Address);
        ipv6Query = Query("fd00--1.e3b0c44298fc1c14.cert.example.com", QueryType.Aaaa, AnswerCategory.Address);
        aliasQuery = Query("pacs--hospital-abc--com.e3b0c44298fc1c14.cname.cert.example.com", QueryType.A, AnswerCategory.Alias);
        aliasChainQuery = Query("192-168-2-1--e3b0c44298fc1c14--cert--example--com.e3b0c44298fc1c14.cname.cert.example.com", QueryType.A, AnswerCategory.Alias);
        noDataQuery = Query("192-168-2-1.e3b0c44298fc1c14.cert.example.com", QueryType.Txt, AnswerCategory.NoData);
        nonExistentQuery = Query("x.y.z.cert.example.com", QueryType.A, AnswerCategory.NonExistent);
        challengeQuery = Query(MemoryChallengeArchive.NameAt(PublishedNames / 2), QueryType.Txt, AnswerCategory.Challenge);
        staticQuery = Query("cert.example.com", DnsFlags.TypeNs, AnswerCategory.Static);
        refusedQuery = Query("192-168-2-1.e3b0c44298fc1c14.cert.example.org", QueryType.A, AnswerCategory.Refused);
    }

    [GlobalCleanup]
    public void Cleanup() => store.Dispose();

    [Benchmark(Baseline = true)]
    public int ParseOnly()
    {
        Span<byte> nameWire = stackalloc byte[QueryParser.MaxNameLength + 1];
        Span<char> nameText = stackalloc char[QueryParser.MaxNameLength + 1];
        QueryParser.Parse(addressQuery, nameWire, nameText, out var query);
        return query.NameTextLength;
    }

    [Benchmark]
    public int AddressIPv4() => engine.Answer(addressQuery, response, overTcp: false).Length;

    [Benchmark]
    public int AddressIPv6() => engine.Answer(ipv6Query, response, overTcp: false).Length;

    [Benchmark]
    public int Alias() => engine.Answer(aliasQuery, response, overTcp: false).Length;

    /// <summary>A CNAME whose target is in the zone, followed to the target's address (RFC 1034 §4.3.2).</summary>
    [Benchmark]
    public int AliasChain() => engine.Answer(aliasChainQuery, response, overTcp: false).Length;

    [Benchmark]
    public int NoData() => engine.Answer(noDataQuery, response, overTcp: false).Length;

    [Benchmark]
    public int NonExistent() => engine.Answer(nonExistentQuery, response, overTcp: false).Length;

    [Benchmark]
    public int Challenge() => engine.Answer(challengeQuery, response, overTcp: false).Length;

    [Benchmark]
    public int StaticNsWithGlue() => engine.Answer(staticQuery, response, overTcp: false).Length;

    [Benchmark]
    public int Refused() => engine.Answer(refusedQuery, response, overTcp: false).Length;

    private byte[] Query(string name, ushort type, AnswerCategory expected)
    {
        var buffer = new byte[512];
        var query = buffer.AsSpan(0, QueryMessage.Write(buffer, id: 0x2a2a, name, type, EdnsUdpSize)).ToArray();
        var outcome = engine.Answer(query, response, overTcp: false);
        if (outcome.Category != expected)
        {
            throw new InvalidOperationException($"{name} {type} is answered as {outcome.Category}, not {expected}.");
        }

        return query;
    }
}
