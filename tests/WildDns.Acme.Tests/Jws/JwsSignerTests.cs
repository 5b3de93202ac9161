using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using WildDns.Acme.Jws;
using Xunit;

namespace WildDns.Acme.Tests.Jws;

public sealed class JwsSignerTests
{
    private static readonly Uri Url = new("https://ca.test/acme/new-order");

    [Fact]
    public void Es256SignatureIsRConcatenatedWithSAndVerifiesWithThePublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jws = Parse(new JwsSigner(key).Sign(Url, "nonce-1", "{\"a\":1}"u8, new Uri("https://ca.test/acct/7")));

        var signature = Base64Url.DecodeFromChars(jws.GetProperty("signature").GetString()!);
        signature.Should().HaveCount(64, "RFC 7518 §3.4: 32-byte R then 32-byte S, not DER");
        var signingInput = Encoding.ASCII.GetBytes($"{jws.GetProperty("protected").GetString()}.{jws.GetProperty("payload").GetString()}");
        using var verifier = ECDsa.Create(key.ExportParameters(false));
        verifier.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).Should().BeTrue();
        verifier.VerifyData(signingInput.Append((byte)' ').ToArray(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            .Should().BeFalse("the signature covers the exact signing input");
    }

    [Fact]
    public void RequestsWithAnAccountCarryKidNonceAndUrlAndNoJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = ProtectedHeader(Parse(new JwsSigner(key).Sign(Url, "n0nce", "{}"u8, new Uri("https://ca.test/acct/7"))));

        header.GetProperty("alg").GetString().Should().Be("ES256");
        header.GetProperty("kid").GetString().Should().Be("https://ca.test/acct/7");
        header.GetProperty("nonce").GetString().Should().Be("n0nce");
        header.GetProperty("url").GetString().Should().Be(Url.AbsoluteUri);
        header.TryGetProperty("jwk", out _).Should().BeFalse("RFC 8555 §6.2: jwk and kid are mutually exclusive");
    }

    [Fact]
    public void RequestsWithoutAnAccountEmbedThePublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new JwsSigner(key);
        var header = ProtectedHeader(Parse(signer.Sign(Url, "n0nce", "{}"u8, keyId: null)));

        header.GetProperty("jwk").GetRawText().Should().Be(signer.PublicKey.ToJson());
        header.TryGetProperty("kid", out _).Should().BeFalse();
    }

    [Fact]
    public void PostAsGetHasAnEmptyPayload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jws = Parse(new JwsSigner(key).Sign(Url, "n0nce", [], new Uri("https://ca.test/acct/7")));
        jws.GetProperty("payload").GetString().Should().BeEmpty("RFC 8555 §6.3: the payload of POST-as-GET is the empty string");
    }

    [Fact]
    public void KeysOtherThanP256AreRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var act = () => new JwsSigner(key);
        act.Should().Throw<ArgumentException>().WithMessage("*P-256*");
    }

    internal static JsonElement Parse(string jws) => JsonDocument.Parse(jws).RootElement.Clone();

    internal static JsonElement ProtectedHeader(JsonElement jws) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(jws.GetProperty("protected").GetString()!)).RootElement.Clone();
}
