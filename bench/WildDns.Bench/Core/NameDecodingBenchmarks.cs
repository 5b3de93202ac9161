using BenchmarkDotNet.Attributes;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;

namespace WildDns.Bench.Core;

/// <summary>
/// The per-query cost of the naming rules: one <see cref="SynthesisPolicy.Decide"/> per payload form, and the address
/// codec alone. Every benchmark must stay at 0 B allocated: the answer path runs once per query.
/// </summary>
[MemoryDiagnoser]
public class NameDecodingBenchmarks
{
    private const string IPv4Name = "192-168-2-1.e3b0c44298fc1c14.cert.example.com";
    private const string IPv6Name = "fd00-0-0-0-0-0-0-1.e3b0c44298fc1c14.a.cert.example.com";
    private const string HostName = "pacs--hospital-abc--com.e3b0c44298fc1c14.cname.cert.example.com";
    private const string IPv4Label = "192-168-2-1";
    private const string IPv6Label = "fd00--1";

    // Two zones so that the zone lookup does real work, as it does on a server with a test zone beside the real one.
    private readonly SynthesisPolicy policy = new([new ZonePolicy("example.com"), new ZonePolicy("cert.example.com")]);

    [Benchmark]
    public SynthesisDecision DecideIPv4() => policy.Decide(IPv4Name, QueryType.A);

    [Benchmark]
    public SynthesisDecision DecideIPv6() => policy.Decide(IPv6Name, QueryType.Aaaa);

    [Benchmark]
    public SynthesisDecision DecideHostName() => policy.Decide(HostName, QueryType.A);

    [Benchmark]
    public DecodedAddress TryDecodeIPv4()
    {
        EncodedAddress.TryDecode(IPv4Label, out var address);
        return address;
    }

    [Benchmark]
    public DecodedAddress TryDecodeIPv6()
    {
        EncodedAddress.TryDecode(IPv6Label, out var address);
        return address;
    }
}
