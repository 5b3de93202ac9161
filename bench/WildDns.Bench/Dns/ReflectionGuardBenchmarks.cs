using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Cookies;
using WildDns.Dns.RateLimiting;
using WildDns.Dns.Zones;

namespace WildDns.Bench.Dns;

/// <summary>
/// What the reflection guard adds to one UDP answer: the answer alone (baseline); the answer charged to a bucket and
/// let through (4096 source networks in turn, at a rate none of them reaches); the answer of a flood from one network,
/// almost every one limited (dropped or slipped); and a query with a valid server cookie, checked with SipHash and
/// echoed. Every benchmark must stay at 0 B allocated (bench/allocation-budget.json).
/// </summary>
[MemoryDiagnoser]
public class ReflectionGuardBenchmarks
{
    private const string Name = "192-168-2-1.e3b0c44298fc1c14.cert.example.com";
    private static readonly byte[] ClientCookie = [0x24, 0x64, 0xc4, 0xab, 0xcf, 0x10, 0xc9, 0x57];

    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];
    private readonly DecodedAddress[] sources = new DecodedAddress[4096];

    private AnswerEngine engine = null!;
    private ReflectionGuard passing = null!;
    private ReflectionGuard limiting = null!;
    private byte[] query = null!;
    private byte[] cookieQuery = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        engine = new AnswerEngine(ZoneFileLoader.LoadDirectory(ShippedZones.Directory, origin => new ZonePolicy(origin)), new AnswerOptions());
        var cookies = ServerCookies.Generate();
        passing = new ReflectionGuard(new RateLimitOptions { ResponsesPerSecond = 1_000_000 }, cookies, 1232);
        limiting = new ReflectionGuard(new RateLimitOptions(), cookies, 1232);
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = DecodedAddress.FromIPv4(0x0A00_0001u + ((uint)i << 8));
        }

        var buffer = new byte[512];
        query = buffer.AsSpan(0, WildDns.Dns.Wire.QueryMessage.Write(buffer, 0, Name, 1)).ToArray();

        // The same query with EDNS and the cookie the server hands this client: its first answer carries it.
        var length = WildDns.Dns.Wire.QueryMessage.Write(buffer, 0, Name, 1, ednsUdpSize: 1232);
        byte[] option = [0, 10, 0, 8, .. ClientCookie];
        option.CopyTo(buffer, length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(length - 2), (ushort)option.Length);
        var first = buffer.AsSpan(0, length + option.Length).ToArray();
        var answered = limiting.Apply(first, response, engine.Answer(first, response, overTcp: false).Length, sources[0]);
        var serverCookie = response.AsSpan(answered - 16, 16);
        byte[] full = [0, 10, 0, 24, .. ClientCookie, .. serverCookie];
        full.CopyTo(buffer, length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(length - 2), (ushort)full.Length);
        cookieQuery = buffer.AsSpan(0, length + full.Length).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Answer() => engine.Answer(query, response, overTcp: false).Length;

    [Benchmark]
    public int AnswerWithinTheRate()
    {
        var source = sources[next++ & (sources.Length - 1)];
        return passing.Apply(query, response, engine.Answer(query, response, overTcp: false).Length, source);
    }

    [Benchmark]
    public int AnswerOfAFlood() => limiting.Apply(query, response, engine.Answer(query, response, overTcp: false).Length, sources[1]);

    [Benchmark]
    public int AnswerWithAValidCookie() => limiting.Apply(cookieQuery, response, engine.Answer(cookieQuery, response, overTcp: false).Length, sources[0]);
}
