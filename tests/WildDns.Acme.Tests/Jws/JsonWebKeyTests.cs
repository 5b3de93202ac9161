using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using WildDns.Acme.Jws;
using Xunit;

namespace WildDns.Acme.Tests.Jws;

public sealed class JsonWebKeyTests
{
    // RFC 7638 §3.1: the RSA key of RFC 7517 Appendix A.1 and its thumbprint.
    private const string Rfc7638Modulus =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    public const string Rfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    public static JsonWebKey Rfc7638Key => JsonWebKey.FromRsa(Base64Url.DecodeFromChars(Rfc7638Modulus), Base64Url.DecodeFromChars("AQAB"));

    [Fact]
    public void Rfc7638TestVectorGivesItsThumbprint() =>
        Rfc7638Key.Thumbprint().Should().Be(Rfc7638Thumbprint);

    [Fact]
    public void RsaKeyIsCanonicalJsonWithMembersInLexicographicOrder() =>
        Rfc7638Key.ToJson().Should().Be($$"""{"e":"AQAB","kty":"RSA","n":"{{Rfc7638Modulus}}"}""");

    [Fact]
    public void P256KeyIsCrvKtyXYAndItsThumbprintHashesExactlyThat()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        var expectedJson = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(point.X)}}","y":"{{Base64Url.EncodeToString(point.Y)}}"}""";

        var jwk = JsonWebKey.FromECDsa(key);

        jwk.ToJson().Should().Be(expectedJson);
        jwk.Thumbprint().Should().Be(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(expectedJson))));
        Base64Url.DecodeFromChars(jwk.Members.Single(member => member.Key == "x").Value).Should().HaveCount(32, "P-256 coordinates are 32 bytes");
    }

    [Fact]
    public void UnsupportedCurveIsRefused()
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName("brainpoolP256r1"));
        var act = () => JsonWebKey.FromECDsa(key);
        act.Should().Throw<ArgumentException>().WithMessage("*unsupported EC curve*");
    }
}
