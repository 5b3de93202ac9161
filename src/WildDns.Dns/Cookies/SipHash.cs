using System.Buffers.Binary;
using System.Numerics;

namespace WildDns.Dns.Cookies;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012), the keyed hash RFC 9018 §4.4 computes server cookies with: fast on
/// short inputs, and without the 128-bit key no one can predict or forge its output. Pure and allocation-free.
/// </summary>
internal static class SipHash
{
    public const int KeyLength = 16;

    /// <summary>The 64-bit SipHash-2-4 of <paramref name="data"/> under the 16-byte <paramref name="key"/>, as the reference code's 8 output bytes read little-endian.</summary>
    public static ulong Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"a SipHash key is {KeyLength} bytes, not {key.Length}.", nameof(key));
        }

        var k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        var k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        var v0 = k0 ^ 0x736f6d6570736575UL;
        var v1 = k1 ^ 0x646f72616e646f6dUL;
        var v2 = k0 ^ 0x6c7967656e657261UL;
        var v3 = k1 ^ 0x7465646279746573UL;

        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last block holds the remaining bytes and, in its top byte, the input length mod 256.
        var last = (ulong)(byte)data.Length << 56;
        for (var i = whole; i < data.Length; i++)
        {
            last |= (ulong)data[i] << (8 * (i - whole));
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
