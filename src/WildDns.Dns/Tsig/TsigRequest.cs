namespace WildDns.Dns.Tsig;

/// <summary>
/// The TSIG record of a received message (RFC 8945 §4.2), as sent: names keep the sender's letter case for the echo,
/// and are lower-cased for lookups and for the MAC (§4.3.3 canonical form).
/// </summary>
internal sealed class TsigRequest
{
    public required byte[] KeyNameWire { get; init; }

    /// <summary>Lower case, no root dot.</summary>
    public required string KeyName { get; init; }

    public required byte[] AlgorithmWire { get; init; }

    /// <summary>Lower case, no root dot: <c>hmac-sha256</c>.</summary>
    public required string AlgorithmName { get; init; }

    /// <summary>Seconds since 1970-01-01 UTC (48 bits on the wire).</summary>
    public required long TimeSigned { get; init; }

    public required ushort Fudge { get; init; }

    public required byte[] Mac { get; init; }

    public required ushort OriginalId { get; init; }

    /// <summary>The error field as the sender set it: 0 in a request.</summary>
    public required ushort Error { get; init; }

    public required byte[] OtherData { get; init; }

    /// <summary>The key that verified the message; null until then.</summary>
    public TsigKey? Key { get; set; }
}
