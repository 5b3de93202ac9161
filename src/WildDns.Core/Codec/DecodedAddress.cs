using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace WildDns.Core.Codec;

/// <summary>An IPv4 or IPv6 address held by value, so that decoding one costs no allocation.</summary>
/// <remarks>IPv4 addresses sit in the low 32 bits of <see cref="Value"/>; IPv6 addresses use all 128, network order.</remarks>
public readonly record struct DecodedAddress(bool IsIPv6, UInt128 Value)
{
    /// <summary>4 for IPv4, 16 for IPv6: the RDATA length of the A or AAAA record.</summary>
    public int Length => IsIPv6 ? 16 : 4;

    public static DecodedAddress FromIPv4(uint value) => new(false, value);

    public static DecodedAddress FromIPv6(UInt128 value) => new(true, value);

    public static DecodedAddress FromIPAddress(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"'{address}' cannot be written as bytes.", nameof(address));
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? FromIPv6(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]))
            : FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]));
    }

    /// <summary>Writes the address in network order: 4 bytes for IPv4, 16 for IPv6.</summary>
    public int WriteBytes(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, Value);
            return 16;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Value);
        return 4;
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        return new IPAddress(bytes[..WriteBytes(bytes)]);
    }

    public override string ToString() => ToIPAddress().ToString();
}
