using FluentAssertions;
using WildDns.Dns.Tsig;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

public sealed class TsigKeyTextTests
{
    private const string Secret = "ZNVzvKhQoE6dbo0O9qTRBhF5hc7fumbgyrH7qCqrh20=";

    [Fact]
    public void Tsig_keygen_output_pasted_as_is_gives_its_key()
    {
        var text = $$"""
            key "acme-key" {
            	algorithm hmac-sha256;
            	secret "{{Secret}}";
            };
            """;

        var key = TsigKeyText.Parse(text).Should().ContainSingle().Subject;

        key.Name.Should().Be("acme-key");
        key.Algorithm.Should().Be(TsigAlgorithm.HmacSha256);
        key.Scopes.Should().BeEmpty();
    }

    [Fact]
    public void Keymgr_output_pasted_as_is_gives_its_key()
    {
        var text = $"""
            # hmac-sha512:acme-key:{Secret}
            key:
              - id: acme-key
                algorithm: hmac-sha512
                secret: {Secret}
            """;

        var key = TsigKeyText.Parse(text).Should().ContainSingle().Subject;

        key.Name.Should().Be("acme-key");
        key.Algorithm.Should().Be(TsigAlgorithm.HmacSha512);
    }

    [Fact]
    public void Several_bind_blocks_with_comments_and_a_switch_form_line_give_every_key()
    {
        var text = $$"""
            // keys for the ACME clients
            key "one." { algorithm HMAC-SHA1; secret "{{Secret}}"; }; # lego
            /* certbot */
            key two { algorithm "hmac-sha256"; secret "{{Secret}}"; };
            three:sha512:{{Secret}}:abc.cert.example.com,xyz.cert.example.com
            """;

        var keys = TsigKeyText.Parse(text);

        keys.Select(key => (key.Name, key.Algorithm)).Should().Equal(
            ("one", TsigAlgorithm.HmacSha1), ("two", TsigAlgorithm.HmacSha256), ("three", TsigAlgorithm.HmacSha512));
        keys[2].Scopes.Should().Equal("abc.cert.example.com", "xyz.cert.example.com");
    }

    [Theory]
    [InlineData("missing secret", "acme-key:hmac-sha256", "NAME:ALGORITHM:BASE64SECRET")]
    [InlineData("MD5 is not offered", "acme-key:hmac-md5:" + Secret, "hmac-md5")]
    [InlineData("secret not base64", "acme-key:hmac-sha256:not*base64", "not base64")]
    public void A_bad_switch_value_says_what_is_wrong_without_echoing_the_secret(string scenario, string entry, string message)
    {
        var parse = () => TsigKeyText.ParseEntry(entry);

        parse.Should().Throw<FormatException>(scenario).WithMessage($"*{message}*").Which.Message.Should().NotContain(Secret);
    }

    [Theory]
    [InlineData("the scope itself", "_acme-challenge.abc.cert.example.com", true)]
    [InlineData("below the scope", "_acme-challenge.x.abc.cert.example.com", true)]
    [InlineData("a sibling", "_acme-challenge.xyz.cert.example.com", false)]
    [InlineData("a suffix match that is not a label boundary", "_acme-challenge.zabc.cert.example.com", false)]
    public void A_scoped_key_allows_its_scope_and_names_below_it_only(string scenario, string name, bool allowed)
    {
        var key = new TsigKey("acme-key", TsigAlgorithm.HmacSha256, [1, 2, 3], ["abc.cert.example.com."]);

        key.Allows(name).Should().Be(allowed, scenario);
    }
}
