using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using WildDns.Core.Codec;

namespace WildDns.Dns.RateLimiting;

/// <summary>The address a datagram came from, read from the socket address the kernel filled in, without allocating.</summary>
internal static class SourceAddress
{
    private const ushort LinuxInet = 2;
    private const ushort LinuxInet6 = 10;

    // ::ffff:0:0/96 (RFC 4291 §2.5.5.2): an IPv4 sender on a dual-mode socket, counted as the IPv4 address it is.
    private static readonly UInt128 MappedPrefix = new(0, 0xFFFF_0000_0000);
    private static readonly UInt128 MappedMask = new(ulong.MaxValue, 0xFFFF_FFFF_0000_0000);

    /// <summary>
    /// A Linux <c>struct sockaddr_in</c> or <c>sockaddr_in6</c> (family in host order at 0, IPv4 at 4, IPv6 at 8). The
    /// kernel fills in no address for an empty read after a shutdown; that, or anything else too short, reads as 0.0.0.0.
    /// </summary>
    public static DecodedAddress FromLinux(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 8)
        {
            return default;
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(sockaddr) switch
        {
            LinuxInet => DecodedAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(sockaddr[4..])),
            LinuxInet6 when sockaddr.Length >= 24 => FromIPv6(BinaryPrimitives.ReadUInt128BigEndian(sockaddr[8..])),
            _ => default,
        };
    }

    /// <summary>A .NET <see cref="SocketAddress"/>, whose buffer has the platform's layout; the address bytes sit at the same offsets everywhere.</summary>
    public static DecodedAddress From(SocketAddress address)
    {
        var bytes = address.Buffer.Span[..address.Size];
        return address.Family switch
        {
            AddressFamily.InterNetwork when bytes.Length >= 8 => DecodedAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..])),
            AddressFamily.InterNetworkV6 when bytes.Length >= 24 => FromIPv6(BinaryPrimitives.ReadUInt128BigEndian(bytes[8..])),
            _ => default,
        };
    }

    private static DecodedAddress FromIPv6(UInt128 value) =>
        (value & MappedMask) == MappedPrefix ? DecodedAddress.FromIPv4((uint)value) : DecodedAddress.FromIPv6(value);
}
