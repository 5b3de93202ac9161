using System.Buffers.Binary;
using WildDns.Dns.Wire;

namespace WildDns.Dns.Cookies;

/// <summary>The COOKIE option of a query, read in place, and the requester's EDNS UDP size found on the way.</summary>
internal readonly ref struct QueryCookie
{
    /// <summary>RFC 7873 §4: the EDNS option code of COOKIE.</summary>
    public const ushort OptionCode = 10;

    private const int MinServerCookie = 8;
    private const int MaxServerCookie = 32;

    private QueryCookie(CookieStatus status, ReadOnlySpan<byte> client, ReadOnlySpan<byte> server, ushort udpSize)
    {
        Status = status;
        Client = client;
        Server = server;
        UdpSize = udpSize;
    }

    public CookieStatus Status { get; }

    /// <summary>The 8-byte client cookie; empty unless <see cref="Status"/> is <see cref="CookieStatus.ClientOnly"/> or <see cref="CookieStatus.ClientAndServer"/>.</summary>
    public ReadOnlySpan<byte> Client { get; }

    /// <summary>The server cookie as sent, 8 to 32 bytes; empty without one.</summary>
    public ReadOnlySpan<byte> Server { get; }

    /// <summary>The UDP payload size the requester's OPT record offers; 0 without EDNS.</summary>
    public ushort UdpSize { get; }

    /// <summary>
    /// Finds the OPT record of <paramref name="query"/> and the first COOKIE option in it. A message that cannot be walked
    /// reads as <see cref="CookieStatus.None"/>: the answer engine has already answered it FORMERR or dropped it.
    /// </summary>
    public static QueryCookie Read(ReadOnlySpan<byte> query)
    {
        if (query.Length < QueryParser.HeaderLength)
        {
            return default;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(query[4..]);
        var records = BinaryPrimitives.ReadUInt16BigEndian(query[6..]) + BinaryPrimitives.ReadUInt16BigEndian(query[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(query[10..]);
        var position = QueryParser.HeaderLength;
        for (var i = 0; i < questions; i++)
        {
            if (!QueryParser.TrySkipName(query, ref position) || (position += 4) > query.Length)
            {
                return default;
            }
        }

        for (var i = 0; i < records; i++)
        {
            if (!QueryParser.TrySkipRecord(query, ref position, out _, out _))
            {
                return default;
            }
        }

        for (var i = 0; i < additionals; i++)
        {
            if (!QueryParser.TrySkipRecord(query, ref position, out var type, out var header))
            {
                return default;
            }

            if (type == DnsFlags.TypeOpt)
            {
                var udpSize = BinaryPrimitives.ReadUInt16BigEndian(query[(header + 2)..]);
                var data = query.Slice(header + 10, BinaryPrimitives.ReadUInt16BigEndian(query[(header + 8)..]));
                return FromOptions(data, udpSize);
            }
        }

        return default;
    }

    /// <summary>RFC 6891 §6.1.2: the OPT RDATA is a sequence of {code, length, data}.</summary>
    private static QueryCookie FromOptions(ReadOnlySpan<byte> options, ushort udpSize)
    {
        while (options.Length >= 4)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(options);
            var length = BinaryPrimitives.ReadUInt16BigEndian(options[2..]);
            if (4 + length > options.Length)
            {
                break;
            }

            var value = options.Slice(4, length);
            if (code == OptionCode)
            {
                // RFC 7873 §5.2.2: 8 bytes of client cookie, then nothing or 8 to 32 bytes of server cookie.
                var server = length - ServerCookies.ClientCookieLength;
                return server switch
                {
                    0 => new(CookieStatus.ClientOnly, value, default, udpSize),
                    >= MinServerCookie and <= MaxServerCookie => new(CookieStatus.ClientAndServer, value[..ServerCookies.ClientCookieLength], value[ServerCookies.ClientCookieLength..], udpSize),
                    _ => new(CookieStatus.Malformed, default, default, udpSize),
                };
            }

            options = options[(4 + length)..];
        }

        return new(CookieStatus.None, default, default, udpSize);
    }
}
