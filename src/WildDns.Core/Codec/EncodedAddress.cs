using System.Net;
using System.Net.Sockets;

namespace WildDns.Core.Codec;

/// <summary>
/// The address form of a payload label: <c>192-168-2-1</c> ↔ 192.168.2.1, <c>fd00--1</c> ↔ fd00::1,
/// <c>0--1</c> ↔ ::1. Decoding accepts either hex case; encoding gives the canonical form (RFC 5952).
/// </summary>
public static class EncodedAddress
{
    /// <summary>Decodes an IPv4 or IPv6 label; false when the label is neither. Never allocates.</summary>
    public static bool TryDecode(ReadOnlySpan<char> label, out DecodedAddress address)
    {
        if (TryDecodeIPv4(label, out var v4))
        {
            address = DecodedAddress.FromIPv4(v4);
            return true;
        }

        if (TryDecodeIPv6(label, out var v6))
        {
            address = DecodedAddress.FromIPv6(v6);
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>Four decimal octets 0–255 joined by single dashes, without leading zeros.</summary>
    public static bool TryDecodeIPv4(ReadOnlySpan<char> label, out uint value)
    {
        value = 0;
        var octets = 0;
        var position = 0;
        while (true)
        {
            var start = position;
            var octet = 0;
            while (position < label.Length && char.IsAsciiDigit(label[position]))
            {
                octet = (octet * 10) + (label[position] - '0');
                position++;
                if (position - start > 3)
                {
                    return false;
                }
            }

            var digits = position - start;
            if (digits == 0 || octet > 255 || (digits > 1 && label[start] == '0'))
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            octets++;
            if (position == label.Length)
            {
                return octets == 4;
            }

            if (label[position] != '-' || octets == 4)
            {
                return false;
            }

            position++;
        }
    }

    /// <summary>Groups of 1–4 hex digits joined by single dashes, with at most one <c>--</c> for <c>::</c>.</summary>
    public static bool TryDecodeIPv6(ReadOnlySpan<char> label, out UInt128 value)
    {
        value = 0;
        if (label.IsEmpty || label[0] == '-' || label[^1] == '-' || label.Length > 39)
        {
            return false;
        }

        UInt128 head = 0;
        UInt128 tail = 0;
        var headGroups = 0;
        var tailGroups = 0;
        var compressed = false;
        var position = 0;
        while (position < label.Length)
        {
            var start = position;
            var group = 0;
            while (position < label.Length && char.IsAsciiHexDigit(label[position]))
            {
                group = (group << 4) | HexValue(label[position]);
                position++;
            }

            var digits = position - start;
            if (digits is 0 or > 4)
            {
                return false;
            }

            if (compressed)
            {
                tail = (tail << 16) | (uint)group;
                tailGroups++;
            }
            else
            {
                head = (head << 16) | (uint)group;
                headGroups++;
            }

            if (position == label.Length)
            {
                break;
            }

            if (label[position] != '-')
            {
                return false;
            }

            position++;
            if (label[position] == '-')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                position++;
            }
        }

        var groups = headGroups + tailGroups;
        if (compressed ? groups > 7 : groups != 8)
        {
            return false;
        }

        value = (head << (16 * (8 - headGroups))) | tail;
        return true;
    }

    /// <summary>Encodes an address as a payload label: <c>192.168.2.1</c> → <c>192-168-2-1</c>, <c>::1</c> → <c>0--1</c>.</summary>
    public static string Encode(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString().Replace('.', '-');
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"'{address}' is neither an IPv4 nor an IPv6 address.", nameof(address));
        }

        if (address.ScopeId != 0)
        {
            throw new ArgumentException($"'{address}' carries a zone index, which a DNS name cannot hold.", nameof(address));
        }

        // IPAddress.ToString gives RFC 5952 text, except that it writes the embedded IPv4 form for some
        // prefixes; rebuild the text from the groups so that the label holds hex groups only.
        var value = DecodedAddress.FromIPAddress(address).Value;
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(value >> (16 * (7 - i)));
        }

        var (runStart, runLength) = LongestZeroRun(groups);
        var text = new System.Text.StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (runLength >= 2 && i == runStart)
            {
                // A label cannot start or end with '-', so a leading or trailing '::' keeps a zero group.
                text.Append(i == 0 ? "0--" : "--");
                i += runLength - 1;
                if (i == 7)
                {
                    text.Append('0');
                }

                continue;
            }

            if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }

            text.Append(groups[i].ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // RFC 5952 §4.2: compress the longest run of zero groups, the first one on a tie, never a single group.
    private static (int Start, int Length) LongestZeroRun(ReadOnlySpan<ushort> groups)
    {
        var bestStart = -1;
        var bestLength = 0;
        for (var i = 0; i < groups.Length;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < groups.Length && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        return (bestStart, bestLength);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
