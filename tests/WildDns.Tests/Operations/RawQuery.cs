using System.Buffers.Binary;
using System.Text;

namespace WildDns.Tests.Operations;

/// <summary>DNS query messages built by hand (RFC 1035 §4.1), so that load loops can send many without a client library.</summary>
internal static class RawQuery
{
    /// <summary>A query for <paramref name="name"/> (no root dot) and <paramref name="type"/>, class IN, no RD, no EDNS.</summary>
    public static byte[] Build(ushort id, string name, ushort type)
    {
        var message = new List<byte>(64);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        message.AddRange(header.ToArray());
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. message];
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
