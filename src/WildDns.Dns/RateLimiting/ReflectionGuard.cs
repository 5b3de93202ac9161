using System.Buffers.Binary;
using WildDns.Core.Codec;
using WildDns.Core.Networks;
using WildDns.Dns.Cookies;
using WildDns.Dns.Wire;

namespace WildDns.Dns.RateLimiting;

/// <summary>
/// What stands between a UDP response and the source address it goes to, which over UDP anyone can forge: DNS Cookies
/// (RFC 7873, server cookies per RFC 9018) and response rate limiting. It rewrites the response the answer engine wrote,
/// in place: adds the server cookie, answers a malformed COOKIE option with FORMERR, and charges the response to its
/// bucket (<see cref="ResponseClass"/>) unless the source proved its address with a valid server cookie or is exempt;
/// over the rate, a response is dropped or slips out truncated. TCP answers never pass here: a TCP source is proven by
/// the handshake. Thread-safe; allocates nothing per response.
/// </summary>
/// <example>
/// <code>
/// var outcome = engine.Answer(query, response, overTcp: false);
/// var length = guard.Apply(query, response, outcome.Length, source);   // 0: send nothing
/// </code>
/// </example>
public sealed class ReflectionGuard
{
    // RFC 7873 §8: BADCOOKIE is extended RCODE 23, 7 in the header and 1 in the OPT record's upper bits.
    private const int BadCookieCode = 23;
    private const int OptLength = 11;
    private const int CookieOptionLength = 4 + ServerCookies.ClientCookieLength + ServerCookies.Length;
    private const int MinUdpSize = 512;

    // What a rewritten error answer keeps of the header's flags: QR, the opcode, RD and CD (AA and TC are dropped).
    private const ushort KeptFlags = DnsFlags.Response | DnsFlags.OpcodeMask | DnsFlags.RecursionDesired | DnsFlags.CheckingDisabled;

    private readonly ResponseRateLimiter? limiter;
    private readonly ServerCookies? cookies;
    private readonly RateLimitOptions rates;
    private readonly NetworkPrefix[] exempt;
    private readonly ushort maxUdpSize;
    private readonly TimeProvider time;

    /// <param name="rates">Rate limiting; <see cref="RateLimitOptions.IsEnabled"/> false turns it off.</param>
    /// <param name="cookies">The server cookie secret; null answers no cookies (and exempts no one).</param>
    /// <param name="maxUdpSize">The largest UDP response this server sends, as the answer engine's.</param>
    /// <param name="time">The clock of buckets and cookie timestamps.</param>
    public ReflectionGuard(RateLimitOptions rates, ServerCookies? cookies, ushort maxUdpSize, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(rates);
        this.time = time ?? TimeProvider.System;
        this.rates = rates;
        this.cookies = cookies;
        this.maxUdpSize = maxUdpSize;
        exempt = [.. rates.Exempt];
        limiter = rates.IsEnabled ? new ResponseRateLimiter(rates, this.time) : null;
    }

    public ReflectionCounters Counters { get; } = new();

    /// <summary>
    /// Applies cookies and the rate limit to the UDP response of <paramref name="length"/> bytes in <paramref name="response"/>
    /// (a buffer of <see cref="Answers.AnswerEngine.ResponseBufferSize"/>) to <paramref name="query"/> from
    /// <paramref name="source"/>. Returns the length to send; 0 means send nothing.
    /// </summary>
    public int Apply(ReadOnlySpan<byte> query, Span<byte> response, int length, DecodedAddress source)
    {
        if (length < QueryParser.HeaderLength)
        {
            return length;
        }

        var cookie = cookies is null ? default : QueryCookie.Read(query);

        // Walked only when the response is to be rewritten: most answers carry no cookie and are within the rate.
        var layout = cookie.Status == CookieStatus.None ? default : ResponseLayout.Read(response[..length]);
        if (cookie.Status == CookieStatus.Malformed)
        {
            Counters.Add(ReflectionEvent.CookieMalformed);
            length = FormatError(response, layout);
            layout = ResponseLayout.Read(response[..length]);
        }

        var now = cookie.Status is CookieStatus.ClientOnly or CookieStatus.ClientAndServer ? ServerCookies.Timestamp(time.GetUtcNow()) : 0;
        var verdict = cookie.Status == CookieStatus.ClientAndServer ? cookies!.Check(cookie.Client, cookie.Server, source, now) : ServerCookieVerdict.Invalid;
        if (verdict != ServerCookieVerdict.Invalid)
        {
            Counters.Add(ReflectionEvent.CookieValid);
        }
        else if (limiter is not null && !IsExempt(source))
        {
            var network = ResponseClass.Network(source, rates.Ipv4PrefixLength, rates.Ipv6PrefixLength);
            var decision = limiter.Decide(ResponseClass.Key(response[..length], network));
            if (decision != RateLimitDecision.Answer)
            {
                Counters.Add(ReflectionEvent.Limited);
                return Limited(decision, response, cookie.Status == CookieStatus.None ? ResponseLayout.Read(response[..length]) : layout, in cookie, source, now);
            }
        }

        if (cookie.Status is CookieStatus.ClientOnly or CookieStatus.ClientAndServer && layout.OptStart >= 0)
        {
            length = AddCookie(response, length, layout, in cookie, verdict, source, now);
        }

        return length;
    }

    private int Limited(RateLimitDecision decision, Span<byte> response, ResponseLayout layout, in QueryCookie cookie, DecodedAddress source, uint now)
    {
        if (decision == RateLimitDecision.Drop)
        {
            Counters.Add(ReflectionEvent.Dropped);
            return 0;
        }

        if (cookie.Status is CookieStatus.ClientOnly or CookieStatus.ClientAndServer)
        {
            // RFC 7873 §5.2.3: a server under attack may answer a cookie client BADCOOKIE with a server cookie; the client
            // retries with it (§5.3) and is then answered in full, over UDP.
            Counters.Add(ReflectionEvent.BadCookie);
            var flags = (ushort)((BinaryPrimitives.ReadUInt16BigEndian(response[2..]) & KeptFlags) | (BadCookieCode & 0xF));
            BinaryPrimitives.WriteUInt16BigEndian(response[2..], flags);
            SetCounts(response, answers: 0, authorities: 0, additionals: 1);
            var position = layout.QuestionEnd;
            WriteOpt(response[position..], BadCookieCode >> 4, CookieOptionLength);
            position += OptLength;
            WriteCookie(response[position..], in cookie, ServerCookieVerdict.Invalid, source, now);
            return position + CookieOptionLength;
        }

        // The slip: header and question with TC set, the requester's OPT kept; about as large as the query, so a
        // forged source gains nothing from it, while a real resolver retries over TCP and gets its answer.
        Counters.Add(ReflectionEvent.Slipped);
        var header = BinaryPrimitives.ReadUInt16BigEndian(response[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], (ushort)(header | DnsFlags.Truncated));
        return KeepQuestionAndOpt(response, layout);
    }

    /// <summary>Appends the COOKIE option to the response's OPT record; cuts the response to question and OPT with TC when it no longer fits.</summary>
    private int AddCookie(Span<byte> response, int length, ResponseLayout layout, in QueryCookie cookie, ServerCookieVerdict verdict, DecodedAddress source, uint now)
    {
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(response[(layout.OptStart + 9)..]);
        BinaryPrimitives.WriteUInt16BigEndian(response[(layout.OptStart + 9)..], (ushort)(dataLength + CookieOptionLength));
        WriteCookie(response[length..], in cookie, verdict, source, now);
        length += CookieOptionLength;

        // RFC 6891 §7: the response must fit the requester's UDP size, bounded by ours.
        var limit = Math.Clamp((int)cookie.UdpSize, MinUdpSize, Math.Max(MinUdpSize, (int)maxUdpSize));
        if (length <= limit)
        {
            return length;
        }

        var header = BinaryPrimitives.ReadUInt16BigEndian(response[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], (ushort)(header | DnsFlags.Truncated));
        return KeepQuestionAndOpt(response, layout with { OptEnd = length });
    }

    /// <summary>Writes the COOKIE option: the client cookie, then the server cookie presented (when fresh) or a new one.</summary>
    private void WriteCookie(Span<byte> destination, in QueryCookie cookie, ServerCookieVerdict verdict, DecodedAddress source, uint now)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, QueryCookie.OptionCode);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], ServerCookies.ClientCookieLength + ServerCookies.Length);
        cookie.Client.CopyTo(destination[4..]);
        var server = destination.Slice(4 + ServerCookies.ClientCookieLength, ServerCookies.Length);
        if (verdict == ServerCookieVerdict.Fresh)
        {
            // RFC 9018 §4.3: a cookie under half an hour old may be echoed as it came; a valid one is always 16 bytes.
            cookie.Server.CopyTo(server);
            return;
        }

        cookies!.Issue(cookie.Client, source, now, server);
        Counters.Add(ReflectionEvent.CookieIssued);
    }

    /// <summary>RFC 7873 §5.2.2: a malformed COOKIE option gets FORMERR: header, question and an OPT record.</summary>
    private int FormatError(Span<byte> response, ResponseLayout layout)
    {
        var flags = (ushort)((BinaryPrimitives.ReadUInt16BigEndian(response[2..]) & KeptFlags) | ResponseCode.FormatError);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], flags);
        SetCounts(response, answers: 0, authorities: 0, additionals: 1);
        WriteOpt(response[layout.QuestionEnd..], 0, 0);
        return layout.QuestionEnd + OptLength;
    }

    /// <summary>Drops every record but the OPT, which moves up behind the question.</summary>
    private static int KeepQuestionAndOpt(Span<byte> response, ResponseLayout layout)
    {
        if (layout.OptStart < 0)
        {
            SetCounts(response, answers: 0, authorities: 0, additionals: 0);
            return layout.QuestionEnd;
        }

        var opt = response[layout.OptStart..layout.OptEnd];
        opt.CopyTo(response[layout.QuestionEnd..]);
        SetCounts(response, answers: 0, authorities: 0, additionals: 1);
        return layout.QuestionEnd + opt.Length;
    }

    private static void SetCounts(Span<byte> response, ushort answers, ushort authorities, ushort additionals)
    {
        BinaryPrimitives.WriteUInt16BigEndian(response[6..], answers);
        BinaryPrimitives.WriteUInt16BigEndian(response[8..], authorities);
        BinaryPrimitives.WriteUInt16BigEndian(response[10..], additionals);
    }

    /// <summary>RFC 6891 §6.1.2: an OPT record with our UDP size, the upper bits of the rcode and <paramref name="dataLength"/> bytes of options to follow.</summary>
    private void WriteOpt(Span<byte> destination, int extendedCode, int dataLength)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], DnsFlags.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], maxUdpSize);
        destination[5] = (byte)extendedCode;
        destination[6] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[7..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[9..], (ushort)dataLength);
    }

    private bool IsExempt(DecodedAddress source)
    {
        foreach (var network in exempt)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }
}
