namespace WildDns.Dns.Tsig;

/// <summary>Algorithm names as TSIG carries them (RFC 8945 §6) and as key files write them.</summary>
public static class TsigNames
{
    /// <summary>
    /// Reads an algorithm name in any letter case, with or without the root dot or the <c>hmac-</c> prefix:
    /// <c>hmac-sha256</c>, <c>HMAC-SHA256</c>, <c>hmac-sha256.</c>, <c>sha256</c>. False for anything else (MD5 is not offered).
    /// </summary>
    public static bool TryParse(string? text, out TsigAlgorithm algorithm)
    {
        var name = (text ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
        name = name.StartsWith("hmac-", StringComparison.Ordinal) ? name["hmac-".Length..] : name;
        (var known, algorithm) = name switch
        {
            "sha256" => (true, TsigAlgorithm.HmacSha256),
            "sha512" => (true, TsigAlgorithm.HmacSha512),
            "sha1" => (true, TsigAlgorithm.HmacSha1),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The name without the root dot: <c>hmac-sha256</c>.</summary>
    public static string Of(TsigAlgorithm algorithm) => algorithm switch
    {
        TsigAlgorithm.HmacSha512 => "hmac-sha512",
        TsigAlgorithm.HmacSha1 => "hmac-sha1",
        _ => "hmac-sha256",
    };

    /// <summary>Uncompressed wire form of a dotted lower-case name.</summary>
    internal static byte[] ToWire(string name)
    {
        var wire = new List<byte>();
        foreach (var label in name.Split('.'))
        {
            wire.Add((byte)label.Length);
            wire.AddRange(label.Select(c => (byte)c));
        }

        wire.Add(0);
        return [.. wire];
    }
}
