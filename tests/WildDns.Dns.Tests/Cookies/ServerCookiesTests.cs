using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Dns.Cookies;
using Xunit;

namespace WildDns.Dns.Tests.Cookies;

/// <summary>Server cookies as RFC 9018 makes them: the exchanges of its Appendix A, and the validity window of §4.3.</summary>
public sealed class ServerCookiesTests
{
    private const string SecretA = "e5e973e5a6b2a43f48e7dc849e37bfcf";
    private const string OldSecretA4 = "dd3bdf9344b678b185a6f5cb60fca715";
    private const string NewSecretA4 = "445536bcd2513298075a5d379663c962";

    public static TheoryData<string, string, string, string, uint, string> AppendixA => new()
    {
        { "A.1: a new server cookie", SecretA, "2464c4abcf10c957", "198.51.100.100", 1559731985, "010000005cf79f111f8130c3eee29480" },
        { "A.2: the same client renewing it 40 minutes later", SecretA, "2464c4abcf10c957", "198.51.100.100", 1559734385, "010000005cf7a871d4a564a1442aca77" },
        { "A.3: another client", SecretA, "fc93fc62807ddb86", "203.0.113.203", 1559734700, "010000005cf7a9acf73a7810aca2381e" },
        { "A.4: an IPv6 client after the secret rolled over", NewSecretA4, "22681ab97d52c298", "2001:db8:220:1:59de:d0f4:8769:82b8", 1559741961, "010000005cf7c609a6bb79d16625507a" },
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Issue_MatchesRfc9018AppendixA(string scenario, string secret, string clientCookie, string address, uint timestamp, string expected)
    {
        var cookies = new ServerCookies(Convert.FromHexString(secret));
        var serverCookie = new byte[ServerCookies.Length];

        cookies.Issue(Convert.FromHexString(clientCookie), Address(address), timestamp, serverCookie);

        Convert.ToHexStringLower(serverCookie).Should().Be(expected, scenario);
    }

    public static TheoryData<string, string, string?, string, string, uint, ServerCookieVerdict> Verdicts => new()
    {
        { "A.1's cookie at the second it was made", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985, ServerCookieVerdict.Fresh },
        { "A.2: 40 minutes later it holds but is renewed", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559734385, ServerCookieVerdict.Worn },
        { "A.3: reserved bytes the client set are hashed as sent", SecretA, null, "fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5", "203.0.113.203", 0x5cf78f71, ServerCookieVerdict.Fresh },
        { "A.4: made with the previous secret, accepted and renewed", NewSecretA4, OldSecretA4, "22681ab97d52c298010000005cf7c57926556bd0934c72f8", "2001:db8:220:1:59de:d0f4:8769:82b8", 1559741961, ServerCookieVerdict.Worn },
        { "A.4: the previous secret once it is forgotten", NewSecretA4, null, "22681ab97d52c298010000005cf7c57926556bd0934c72f8", "2001:db8:220:1:59de:d0f4:8769:82b8", 1559741961, ServerCookieVerdict.Invalid },
        { "the same cookie from another address", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.101", 1559731985, ServerCookieVerdict.Invalid },
        { "another client cookie with the same server cookie", SecretA, null, "2464c4abcf10c958010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985, ServerCookieVerdict.Invalid },
        { "one bit of the hash flipped", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29481", "198.51.100.100", 1559731985, ServerCookieVerdict.Invalid },
        { "half an hour old: still fresh", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 + 1800, ServerCookieVerdict.Fresh },
        { "half an hour and a second old: worn", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 + 1801, ServerCookieVerdict.Worn },
        { "an hour old: the last second it holds", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 + 3600, ServerCookieVerdict.Worn },
        { "an hour and a second old: expired", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 + 3601, ServerCookieVerdict.Invalid },
        { "five minutes ahead: clock skew allowed", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 - 300, ServerCookieVerdict.Fresh },
        { "five minutes and a second ahead: refused", SecretA, null, "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985 - 301, ServerCookieVerdict.Invalid },
        { "version 2", SecretA, null, "2464c4abcf10c957020000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985, ServerCookieVerdict.Invalid },
        { "an 8-byte server cookie of another implementation", SecretA, null, "2464c4abcf10c9570100000011223344", "198.51.100.100", 1559731985, ServerCookieVerdict.Invalid },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Check_JudgesThePresentedCookie(string scenario, string secret, string? previous, string cookie, string address, uint now, ServerCookieVerdict expected)
    {
        var cookies = new ServerCookies(Convert.FromHexString(secret), previous is null ? default : Convert.FromHexString(previous));
        var bytes = Convert.FromHexString(cookie);

        cookies.Check(bytes.AsSpan(0, 8), bytes.AsSpan(8), Address(address), now).Should().Be(expected, scenario);
    }

    [Fact]
    public void Check_ReadsTheAgeAcrossTheTimestampWrap()
    {
        var cookies = ServerCookies.Generate();
        var client = Convert.FromHexString("2464c4abcf10c957");
        var serverCookie = new byte[ServerCookies.Length];
        cookies.Issue(client, Address("192.0.2.1"), uint.MaxValue - 1000, serverCookie);

        // Made 1000 s before the wrap, read 1000 s after it: 2001 s old, not four billion.
        cookies.Check(client, serverCookie, Address("192.0.2.1"), 1000).Should().Be(ServerCookieVerdict.Worn);
    }

    [Theory]
    [InlineData("too short", "e5e973e5a6b2a43f48e7dc849e37bf")]
    [InlineData("not hexadecimal", "e5e973e5a6b2a43f48e7dc849e37bfcg")]
    [InlineData("empty", "")]
    public void ParseSecret_RefusesWithoutRepeatingTheSecret(string scenario, string text)
    {
        var act = () => ServerCookies.ParseSecret(text);

        var error = act.Should().Throw<FormatException>(scenario).Which;
        if (text.Length > 0)
        {
            error.Message.Should().NotContain(text);
        }
    }

    [Fact]
    public void ParseSecret_TakesWhatOpensslRandHexWrites() =>
        ServerCookies.ParseSecret(" " + SecretA.ToUpperInvariant() + "\n").Should().Equal(Convert.FromHexString(SecretA));

    private static DecodedAddress Address(string text) => DecodedAddress.FromIPAddress(IPAddress.Parse(text));
}
