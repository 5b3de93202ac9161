using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using WildDns.Acme.Jws;
using Xunit;

namespace WildDns.Acme.Tests.Jws;

public sealed class ExternalAccountBindingTests
{
    // The first key of pebble's pebble-config-external-account-bindings.json example.
    private const string PebbleMacKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    [Fact]
    public void BindingIsAnHs256JwsOverTheAccountKeyForTheNewAccountUrl()
    {
        var newAccount = new Uri("https://ca.test/sign-me-up");
        var accountKey = JsonWebKeyTests.Rfc7638Key;

        var jws = JwsSignerTests.Parse(ExternalAccountBinding.FromBase64Url("kid-1", PebbleMacKey).Sign(accountKey, newAccount));

        var header = JwsSignerTests.ProtectedHeader(jws);
        header.GetProperty("alg").GetString().Should().Be("HS256");
        header.GetProperty("kid").GetString().Should().Be("kid-1");
        header.GetProperty("url").GetString().Should().Be(newAccount.AbsoluteUri);
        header.TryGetProperty("nonce", out _).Should().BeFalse("RFC 8555 §7.3.4: the inner JWS has no nonce");
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.GetProperty("payload").GetString()!)).Should().Be(accountKey.ToJson());

        var signingInput = Encoding.ASCII.GetBytes($"{jws.GetProperty("protected").GetString()}.{jws.GetProperty("payload").GetString()}");
        var expected = HMACSHA256.HashData(Base64Url.DecodeFromChars(PebbleMacKey), signingInput);
        Base64Url.DecodeFromChars(jws.GetProperty("signature").GetString()!).Should().Equal(expected);
    }

    [Theory]
    [InlineData("padded base64url", PebbleMacKey + "==")]
    [InlineData("surrounding whitespace", " " + PebbleMacKey + "\n")]
    public void MacKeysAreReadAsCasPrintThem(string scenario, string macKey)
    {
        var reference = ExternalAccountBinding.FromBase64Url("kid-1", PebbleMacKey).Sign(JsonWebKeyTests.Rfc7638Key, new Uri("https://ca.test/a"));
        ExternalAccountBinding.FromBase64Url("kid-1", macKey).Sign(JsonWebKeyTests.Rfc7638Key, new Uri("https://ca.test/a")).Should().Be(reference);
    }

    [Theory]
    [InlineData("standard base64 characters", "ab+/cd")]
    [InlineData("empty", "")]
    public void BadMacKeysAreRefusedClearly(string scenario, string macKey)
    {
        var act = () => ExternalAccountBinding.FromBase64Url("kid-1", macKey);
        act.Should().Throw<Exception>().Where(exception => exception is FormatException || exception is ArgumentException);
    }
}
