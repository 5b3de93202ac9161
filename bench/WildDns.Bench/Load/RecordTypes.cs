namespace WildDns.Bench.Load;

/// <summary>
/// Query type mnemonics as dnsperf's data files spell them (case-insensitive), plus RFC 3597's
/// <c>TYPE123</c> form for anything not listed.
/// </summary>
public static class RecordTypes
{
    public const ushort A = 1;

    private static readonly Dictionary<string, ushort> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1,
        ["NS"] = 2,
        ["CNAME"] = 5,
        ["SOA"] = 6,
        ["PTR"] = 12,
        ["MX"] = 15,
        ["TXT"] = 16,
        ["AAAA"] = 28,
        ["SRV"] = 33,
        ["DS"] = 43,
        ["DNSKEY"] = 48,
        ["HTTPS"] = 65,
        ["CAA"] = 257,
        ["ANY"] = 255,
    };

    /// <summary>The mnemonic for a type code, or <c>TYPEn</c> (RFC 3597 §5) when there is none.</summary>
    public static string Name(ushort code)
    {
        foreach (var (name, value) in Codes)
        {
            if (value == code)
            {
                return name;
            }
        }

        return $"TYPE{code}";
    }

    public static bool TryParse(string text, out ushort code)
    {
        if (Codes.TryGetValue(text, out code))
        {
            return true;
        }

        return text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(4), out code);
    }
}
