using System.Buffers.Binary;

namespace WildDns.Bench.Load;

/// <summary>
/// Writes a DNS query in wire form (RFC 1035 §4.1) with ID 0, RD clear and one question of class IN.
/// The sender patches the ID into the first two bytes of its own copy at send time.
/// </summary>
public static class QueryMessage
{
    public const int HeaderLength = 12;

    /// <summary>A name of at most 255 octets on the wire, plus header, type and class.</summary>
    public const int MaxLength = HeaderLength + 255 + 4;

    /// <example><c>192-168-2-1.ab12.cert.example.com</c>, A → 12-byte header, 35-byte name, 00 01 00 01.</example>
    /// <returns>The number of bytes written, or 0 when the name is not a valid presentation-form name.</returns>
    public static int Write(Span<byte> destination, ReadOnlySpan<char> name, ushort type)
    {
        destination[..HeaderLength].Clear();
        // An authoritative server is asked without recursion, as a resolver would ask it.
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);

        if (name.EndsWith(".") && name.Length > 1)
        {
            name = name[..^1];
        }

        var at = HeaderLength;
        if (!(name.Length == 1 && name[0] == '.'))
        {
            foreach (var range in name.Split('.'))
            {
                var label = name[range];
                // RFC 1035 §2.3.4: labels of 1 to 63 octets, names of at most 255 octets.
                if (label.Length is 0 or > 63 || at + 1 + label.Length + 1 > HeaderLength + 255)
                {
                    return 0;
                }

                destination[at++] = (byte)label.Length;
                foreach (var c in label)
                {
                    if (c > 0x7E || c <= 0x20)
                    {
                        return 0;
                    }

                    destination[at++] = (byte)c;
                }
            }
        }

        destination[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], 1);
        return at + 4;
    }
}
