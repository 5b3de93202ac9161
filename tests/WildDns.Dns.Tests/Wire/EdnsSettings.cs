namespace WildDns.Dns.Tests.Wire;

/// <summary>The OPT pseudo-record of a test query (RFC 6891 §6.1.2); <see cref="Options"/> is the raw option data.</summary>
public sealed record EdnsSettings(ushort UdpSize = 1232, byte Version = 0, bool DnssecOk = false)
{
    public byte[] Options { get; init; } = [];

    /// <summary>An EDNS padding option (RFC 7830) of <paramref name="length"/> zero bytes.</summary>
    public static byte[] Padding(int length) => [0, 12, (byte)(length >> 8), (byte)length, .. new byte[length]];

    /// <summary>A client cookie (RFC 7873 §4.1): eight bytes, no server cookie yet.</summary>
    public static byte[] ClientCookie() => [0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8];
}
