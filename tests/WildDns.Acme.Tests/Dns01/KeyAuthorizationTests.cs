using FluentAssertions;
using WildDns.Acme.Dns01;
using WildDns.Acme.Tests.Jws;
using Xunit;

namespace WildDns.Acme.Tests.Dns01;

public sealed class KeyAuthorizationTests
{
    // The token of RFC 8555 §8.3's example with the RFC 7638 §3.1 key's thumbprint; the digest was computed apart from
    // this code (Python hashlib: base64url(sha256(key authorization)), unpadded).
    private const string Token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";

    [Fact]
    public void KeyAuthorizationIsTokenDotThumbprint() =>
        KeyAuthorization.For(Token, JsonWebKeyTests.Rfc7638Key.Thumbprint())
            .Should().Be("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");

    [Fact]
    public void TxtValueIsUnpaddedBase64UrlOfTheSha256() =>
        KeyAuthorization.TxtValue("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
            .Should().Be("ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8").And.HaveLength(43);

    [Theory]
    [InlineData("plain name", "x.example.test", "_acme-challenge.x.example.test")]
    [InlineData("wildcard loses its star", "*.x.example.test", "_acme-challenge.x.example.test")]
    [InlineData("trailing dot dropped", "x.example.test.", "_acme-challenge.x.example.test")]
    public void RecordNameIsUnderscoreAcmeChallengeBeforeTheBaseName(string scenario, string identifier, string expected)
    {
        KeyAuthorization.RecordName(identifier).Should().Be(expected);
    }
}
