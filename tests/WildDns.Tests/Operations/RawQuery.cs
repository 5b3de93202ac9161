using System.Buffers.Binary;
using WildDns.Dns.Wire;

namespace WildDns.Tests.Operations;

/// <summary>DNS query messages built by hand (RFC 1035 §4.1), so that load loops can send many without a client library.</summary>
internal static class RawQuery
{
    /// <summary>A query for <paramref name="name"/> (no root dot) and <paramref name="type"/>, class IN, no RD, no EDNS.</summary>
    public static byte[] Build(ushort id, string name, ushort type)
    {
        var buffer = new byte[512];
        return buffer[..QueryMessage.Write(buffer, id, name, type)];
    }

    /// <summary>The message with a 2-byte length in front, as DNS over TCP sends it (RFC 1035 §4.2.2).</summary>
    public static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    public static ushort IdOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static int ResponseCodeOf(ReadOnlySpan<byte> message) => message[3] & 0x0F;
}
