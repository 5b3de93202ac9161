using WildDns.Dns.Tsig;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>One captured signed message: the tool and what it asked, the algorithm, its Time Signed, and its bytes in hex.</summary>
internal sealed record CapturedSignature(string Name, TsigAlgorithm Algorithm, long TimeSigned, string Hex)
{
    public byte[] Message => Convert.FromHexString(Hex);

    public override string ToString() => Name;
}
