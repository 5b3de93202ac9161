using System.Buffers.Binary;
using System.Runtime.InteropServices;
using WildDns.Core.Codec;
using WildDns.Dns.Wire;

namespace WildDns.Dns.RateLimiting;

/// <summary>
/// Which bucket a response is charged to, read from the response itself: the source's network, and what was answered.
/// As BIND's <c>rate-limit</c> and Knot's <c>mod-rrl</c> do, answers and NODATA are told apart by name and type,
/// NXDOMAIN is lumped per zone (the owner of the SOA it carries), so that random names under a zone share one bucket,
/// and every other response code (REFUSED, FORMERR, NOTIMP, SERVFAIL...) is lumped per source network.
/// </summary>
internal static class ResponseClass
{
    private const int Answer = 1;
    private const int NoData = 2;
    private const int NonExistent = 3;
    private const int Error = 4;

    /// <summary>The bucket key; <see cref="HashCode"/> is seeded per process, so a sender cannot aim its names at one bucket.</summary>
    public static uint Key(ReadOnlySpan<byte> response, DecodedAddress network)
    {
        var hash = default(HashCode);
        hash.Add(network.IsIPv6);
        hash.Add(network.Value);
        if (response.Length < QueryParser.HeaderLength)
        {
            hash.Add(Error);
            return (uint)hash.ToHashCode();
        }

        var code = response[3] & 0xF;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        Span<byte> wire = stackalloc byte[QueryParser.MaxNameLength + 1];
        Span<char> name = stackalloc char[QueryParser.MaxNameLength + 1];
        var position = QueryParser.HeaderLength;
        if (code is not (ResponseCode.NoError or ResponseCode.NameError) || questions != 1
            || !QueryParser.TryReadName(response, ref position, wire, name, out _, out var nameLength)
            || position + 4 > response.Length)
        {
            hash.Add(Error);
            return (uint)hash.ToHashCode();
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(response[position..]);
        position += 4;
        if (code == ResponseCode.NameError)
        {
            hash.Add(NonExistent);
            if (ZoneOf(response, position, answers, wire, name, out var zoneLength))
            {
                nameLength = zoneLength;
            }
        }
        else
        {
            hash.Add(answers > 0 ? Answer : NoData);
            hash.Add(type);
        }

        // The name as TryReadName lower-cases it, so that 0x20 case changes do not make new buckets.
        hash.AddBytes(MemoryMarshal.AsBytes(name[..nameLength]));
        return (uint)hash.ToHashCode();
    }

    /// <summary>The source address with its host bits cleared: /24 and /56 by default.</summary>
    public static DecodedAddress Network(DecodedAddress source, int ipv4PrefixLength, int ipv6PrefixLength)
    {
        var hostBits = source.IsIPv6 ? 128 - ipv6PrefixLength : 32 - ipv4PrefixLength;
        var mask = hostBits >= 128 ? UInt128.Zero : UInt128.MaxValue << hostBits;
        return source with { Value = source.Value & mask };
    }

    /// <summary>The zone an NXDOMAIN came from: the owner of the first authority record, its SOA (RFC 2308 §3).</summary>
    private static bool ZoneOf(ReadOnlySpan<byte> response, int position, int answers, Span<byte> wire, Span<char> name, out int length)
    {
        length = 0;
        for (var i = 0; i < answers; i++)
        {
            if (!QueryParser.TrySkipRecord(response, ref position, out _, out _))
            {
                return false;
            }
        }

        return BinaryPrimitives.ReadUInt16BigEndian(response[8..]) > 0
            && QueryParser.TryReadName(response, ref position, wire, name, out _, out length);
    }
}
