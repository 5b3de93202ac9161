using System.Buffers.Binary;
using System.Net;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Core.Codec;
using WildDns.Core.Networks;
using WildDns.Dns.Answers;
using WildDns.Dns.Cookies;
using WildDns.Dns.RateLimiting;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.RateLimiting;

/// <summary>
/// The guard on real answers from the answer engine, with the clock stopped: a flood from one network is limited while
/// others are answered, cookies are issued, echoed and exempt their holders, and malformed ones get FORMERR (RFC 7873 §5.2).
/// </summary>
public sealed class ReflectionGuardTests
{
    private const string Name = "192-168-2-1.cald5f5f7ba45.cert.example.com";
    private const string BigName = "txt.big.test";
    private static readonly byte[] ClientCookie = Convert.FromHexString("2464c4abcf10c957");
    private static readonly DecodedAddress Attacked = Address("192.0.2.10");

    // A TXT set that fills 498 of a 512-byte UDP answer: with a 28-byte COOKIE option it no longer fits.
    private static readonly (string, string) BigZone = ("big.test", $"""
        $ORIGIN big.test.
        @ 3600 IN SOA ns1.big.test. hostmaster.big.test. 1 7200 900 1209600 60
        @ 3600 IN NS ns1.big.test.
        ns1 3600 IN A 192.0.2.53
        txt 60 IN TXT "{new string('a', 219)}" "{new string('b', 225)}"
        """);

    private static readonly AnswerEngine Engine = new(ShippedZones.Load(BigZone), new AnswerOptions(), new PublishedChallenges());

    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(1559731985));
    private readonly ServerCookies cookies = new(Convert.FromHexString("e5e973e5a6b2a43f48e7dc849e37bfcf"));

    [Fact]
    public void Apply_WithinTheRate_SendsTheAnswerAsWritten()
    {
        var guard = Guard();
        var query = Query();
        var (response, length) = Answer(query);
        var written = response[..length].ToArray();

        guard.Apply(query, response, length, Attacked).Should().Be(length);

        response[..length].Should().Equal(written);
    }

    [Fact]
    public void Apply_AFloodFromOneNetwork_IsLimitedToTheBurstAndSlipsEverySecond()
    {
        var guard = Guard();
        var sent = Enumerable.Range(0, 100).Select(_ => Send(guard, Query(), Attacked)).ToArray();

        sent.Count(response => response.Length > 0 && !Header(response).Truncated).Should().Be(40, "the burst");
        sent.Count(response => response.Length == 0).Should().Be(30);
        var slipped = sent.Where(response => response.Length > 0 && Header(response).Truncated).ToArray();
        slipped.Should().HaveCount(30);
        foreach (var response in slipped)
        {
            var header = Header(response);
            (header.Answers, header.Authorities, header.Additionals, header.Questions).Should().Be(((ushort)0, (ushort)0, (ushort)1, (ushort)1), "question and OPT only");
            response.Length.Should().BeLessThanOrEqualTo(Query().Length, "a slip is no larger than the query");
        }

        (guard.Counters[ReflectionEvent.Limited], guard.Counters[ReflectionEvent.Slipped], guard.Counters[ReflectionEvent.Dropped]).Should().Be((60L, 30L, 30L));
    }

    [Fact]
    public void Apply_DuringAFlood_AnswersOtherNetworksAndOtherNames()
    {
        var guard = Guard();
        for (var i = 0; i < 200; i++)
        {
            Send(guard, Query(), Attacked);
        }

        var (expected, expectedLength) = Answer(Query());
        Send(guard, Query(), Address("192.0.3.10")).Should().Equal(expected[..expectedLength], "another /24");
        Send(guard, Query("10-0-0-1.cald5f5f7ba45.cert.example.com"), Attacked).Should().NotBeEmpty("another answer to the same network");
    }

    [Fact]
    public void Apply_ExemptNetworks_AreNeverLimited()
    {
        var guard = Guard(new RateLimitOptions { Exempt = [NetworkPrefix.Parse("192.0.2.0/24")] });

        Enumerable.Range(0, 100).Select(_ => Send(guard, Query(), Attacked)).Should().AllSatisfy(response => Header(response).Truncated.Should().BeFalse());
    }

    [Fact]
    public void Apply_RateZero_TurnsLimitingOff()
    {
        var guard = Guard(new RateLimitOptions { ResponsesPerSecond = 0 });

        Enumerable.Range(0, 100).Select(_ => Send(guard, Query(), Attacked)).Should().AllSatisfy(response => Header(response).Truncated.Should().BeFalse());
    }

    [Fact]
    public void Apply_AClientCookie_GetsAServerCookieThatChecksOut()
    {
        var guard = Guard();

        var response = Send(guard, Query(cookie: ClientCookie), Attacked);

        var header = Header(response);
        (header.ResponseCode, header.Answers).Should().Be((0, (ushort)1));
        var cookie = ResponseCookie(response);
        cookie.Client.Should().Equal(ClientCookie);
        cookies.Check(ClientCookie, cookie.Server, Attacked, ServerCookies.Timestamp(clock.GetUtcNow())).Should().Be(ServerCookieVerdict.Fresh);
        guard.Counters[ReflectionEvent.CookieIssued].Should().Be(1);
    }

    [Fact]
    public void Apply_AValidServerCookie_IsEchoedAndNeverLimited()
    {
        var guard = Guard();
        var held = ResponseCookie(Send(guard, Query(cookie: ClientCookie), Attacked));
        byte[] full = [.. ClientCookie, .. held.Server];

        var sent = Enumerable.Range(0, 200).Select(_ => Send(guard, Query(cookie: full), Attacked)).ToArray();

        sent.Should().AllSatisfy(response =>
        {
            (Header(response).Truncated, Header(response).Answers).Should().Be((false, (ushort)1));
            ResponseCookie(response).Server.Should().Equal(held.Server);
        });
        guard.Counters[ReflectionEvent.CookieValid].Should().Be(200);
        guard.Counters[ReflectionEvent.Limited].Should().Be(0);
    }

    [Fact]
    public void Apply_AServerCookieFromAnotherAddress_CountsForNothing()
    {
        var guard = Guard();
        var held = ResponseCookie(Send(guard, Query(cookie: ClientCookie), Address("198.51.100.1")));
        byte[] stolen = [.. ClientCookie, .. held.Server];

        var sent = Enumerable.Range(0, 100).Select(_ => Send(guard, Query(cookie: stolen), Attacked)).ToArray();

        sent.Count(response => response.Length > 0 && Header(response).Answers == 1).Should().Be(40);
        ResponseCookie(sent[0]).Server.Should().NotEqual(held.Server, "a new cookie for this address replaces it");
    }

    [Fact]
    public void Apply_ALimitedCookieClient_GetsBadCookieWithAServerCookie()
    {
        var guard = Guard(new RateLimitOptions { Slip = 1 });
        for (var i = 0; i < 40; i++)
        {
            Send(guard, Query(cookie: ClientCookie), Attacked);
        }

        var response = Send(guard, Query(cookie: ClientCookie), Attacked);

        // RFC 7873 §8: BADCOOKIE is 23, the header holding its low four bits and the OPT record the rest.
        var header = Header(response);
        (header.ResponseCode, header.Truncated, header.Answers, header.Additionals).Should().Be((7, false, (ushort)0, (ushort)1));
        var cookie = ResponseCookie(response);
        ExtendedCode(response).Should().Be(1);
        cookies.Check(ClientCookie, cookie.Server, Attacked, ServerCookies.Timestamp(clock.GetUtcNow())).Should().Be(ServerCookieVerdict.Fresh);

        byte[] full = [.. ClientCookie, .. cookie.Server];
        Header(Send(guard, Query(cookie: full), Attacked)).Answers.Should().Be(1, "the retry with the cookie is answered");
        guard.Counters[ReflectionEvent.BadCookie].Should().Be(1);
    }

    [Theory]
    [InlineData("no bytes", 0)]
    [InlineData("7 bytes: a short client cookie", 7)]
    [InlineData("9 bytes: a server cookie of 1", 9)]
    [InlineData("15 bytes: a server cookie of 7", 15)]
    [InlineData("41 bytes: a server cookie of 33", 41)]
    public void Apply_AMalformedCookie_GetsFormErr(string scenario, int length)
    {
        var guard = Guard();

        var response = Send(guard, Query(cookie: new byte[length]), Attacked);

        var header = Header(response);
        (header.ResponseCode, header.Answers, header.Authorities, header.Additionals).Should().Be((1, (ushort)0, (ushort)0, (ushort)1), scenario);
        guard.Counters[ReflectionEvent.CookieMalformed].Should().Be(1);
    }

    [Theory]
    [InlineData("8 bytes: a client cookie", 8)]
    [InlineData("16 bytes: a server cookie of 8", 16)]
    [InlineData("40 bytes: a server cookie of 32", 40)]
    public void Apply_ACookieOfAllowedLength_IsAnswered(string scenario, int length)
    {
        var response = Send(Guard(), Query(cookie: new byte[length]), Attacked);

        (Header(response).ResponseCode, Header(response).Answers).Should().Be((0, (ushort)1), scenario);
    }

    [Fact]
    public void Apply_WithoutCookies_LeavesTheCookieOptionUnanswered()
    {
        var guard = new ReflectionGuard(new RateLimitOptions(), cookies: null, 1232, clock);
        var query = Query(cookie: new byte[3]);
        var (response, length) = Answer(query);
        var written = response[..length].ToArray();

        guard.Apply(query, response, length, Attacked).Should().Be(length);
        response[..length].Should().Equal(written);
    }

    [Fact]
    public void Apply_AnAnswerTheCookieWouldPushOverTheUdpSize_IsTruncatedKeepingTheCookie()
    {
        var guard = Guard();
        var plain = Send(guard, Query(BigName, type: 16, udpSize: 512), Address("198.51.100.1"));
        (plain.Length, Header(plain).Answers).Should().Be((499, (ushort)1), "the answer alone fits");

        var response = Send(guard, Query(BigName, type: 16, cookie: ClientCookie, udpSize: 512), Attacked);

        Header(response).Truncated.Should().BeTrue();
        (Header(response).Answers, Header(response).Additionals).Should().Be(((ushort)0, (ushort)1));
        ResponseCookie(response).Client.Should().Equal(ClientCookie);
        response.Length.Should().BeLessThanOrEqualTo(512);
    }

    [Fact]
    public void Apply_AllocatesNothing()
    {
        // The system clock, as in production. The first round goes through every path (answered, slipped, dropped) and
        // pays the runtime's one-time costs; the rounds after it are the steady state of a flood.
        var guard = new ReflectionGuard(new RateLimitOptions(), cookies, 1232, TimeProvider.System);
        var query = Query(cookie: ClientCookie);
        var response = new byte[AnswerEngine.ResponseBufferSize];

        SteadyAllocation.BytesPerRound(() => guard.Apply(query, response, Engine.Answer(query, response, overTcp: false).Length, Attacked)).Should().Be(0L);
    }

    private static byte[] Query(string name = Name, ushort type = 1, byte[]? cookie = null, ushort udpSize = 1232) =>
        new QueryBuilder(name, type) { Edns = new EdnsSettings(udpSize) { Options = cookie is null ? [] : [0, 10, 0, (byte)cookie.Length, .. cookie] } }.Build();

    private static (byte[] Response, int Length) Answer(byte[] query)
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];
        return (response, Engine.Answer(query, response, overTcp: false).Length);
    }

    private static byte[] Send(ReflectionGuard guard, byte[] query, DecodedAddress source)
    {
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var length = Engine.Answer(query, response, overTcp: false).Length;
        return response[..guard.Apply(query, response, length, source)];
    }

    private static ResponseHeader Header(byte[] response) => ResponseHeader.Read(response);

    private static (byte[] Client, byte[] Server) ResponseCookie(byte[] response)
    {
        var cookie = QueryCookie.Read(response);
        cookie.Status.Should().BeOneOf(CookieStatus.ClientAndServer);
        return (cookie.Client.ToArray(), cookie.Server.ToArray());
    }

    /// <summary>The upper eight bits of the rcode, in the TTL field of the OPT record that ends the message.</summary>
    private static int ExtendedCode(byte[] response)
    {
        var optionsLength = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(response.Length - 28 - 2));
        optionsLength.Should().Be(28);
        return response[response.Length - 28 - 6];
    }

    private static DecodedAddress Address(string text) => DecodedAddress.FromIPAddress(IPAddress.Parse(text));

    private ReflectionGuard Guard(RateLimitOptions? rates = null) => new(rates ?? new RateLimitOptions(), cookies, 1232, clock);
}
