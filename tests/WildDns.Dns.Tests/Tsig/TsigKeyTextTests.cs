using FluentAssertions;
using WildDns.Dns.Tsig;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

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

    /// <summary>(case, a key file, the keys it names): comments of every kind BIND and Knot files carry, and what only looks like one.</summary>
    public static TheoryData<string, string, string[]> Comments => new()
    {
        { "// opening the file", $"// keys\nacme-key:hmac-sha256:{Secret}", ["acme-key"] },
        { "// right after a semicolon", $"key \"acme-key\" {{ algorithm hmac-sha256; secret \"{Secret}\";// lego\n}};", ["acme-key"] },
        { "a comment ending the file with no newline", $"acme-key:hmac-sha256:{Secret} # lego", ["acme-key"] },
        { "// ending the file with no newline", $"acme-key:hmac-sha256:{Secret} // lego", ["acme-key"] },
        { "/* */ opening the file", $"/* keys */acme-key:hmac-sha256:{Secret}", ["acme-key"] },
        { "/* */ across lines", $"one:hmac-sha256:{Secret}\n/* two:hmac-sha256:{Secret}\n*/ three:hmac-sha256:{Secret}", ["one", "three"] },
        { "an unterminated /* hides the rest", $"one:hmac-sha256:{Secret}\n/* two:hmac-sha256:{Secret}", ["one"] },
        { "// inside a secret is not a comment", "acme-key:hmac-sha256:ab//cd==", ["acme-key"] },
        { "a secret ending in /", "acme-key:hmac-sha256:AAA/", ["acme-key"] },
        { "# and /* inside quotes are not comments", $"key \"lab#1/*x*/\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};", ["lab#1/*x*/"] },
        { "Windows line ends", $"key \"one\" {{\r\n algorithm hmac-sha256;\r\n secret \"{Secret}\";\r\n}};\r\ntwo:hmac-sha1:{Secret}\r\n", ["one", "two"] },
        { "nothing but comments", "# none yet\n// none\n/* none */\n", [] },
    };

    [Theory]
    [MemberData(nameof(Comments))]
    public void Comments_are_skipped_wherever_they_stand_and_nothing_else_is(string scenario, string text, string[] names)
    {
        TsigKeyText.Parse(text).Select(key => key.Name).Should().Equal(names, scenario);
    }

    /// <summary>(case, a keymgr-style file, the keys it gives as name/algorithm).</summary>
    public static TheoryData<string, string, string[]> KnotFiles => new()
    {
        { "two items", $"key:\n  - id: one\n    algorithm: hmac-sha256\n    secret: {Secret}\n  - id: two\n    algorithm: hmac-sha1\n    secret: {Secret}\n", ["one/HmacSha256", "two/HmacSha1"] },
        { "an item that lists its algorithm first", $"key:\n  - id: one\n    algorithm: hmac-sha256\n    secret: {Secret}\n  - algorithm: hmac-sha512\n    id: two\n    secret: {Secret}\n", ["one/HmacSha256", "two/HmacSha512"] },
        { "a second id without a dash starts a new key", $"key:\n  id: one\n  algorithm: hmac-sha256\n  secret: {Secret}\n  id: two\n  algorithm: hmac-sha1\n  secret: {Secret}\n", ["one/HmacSha256", "two/HmacSha1"] },
        { "quoted values and unknown fields", $"key:\n  - id: \"one\"\n    storage: keys\n    algorithm: 'hmac-sha256'\n    secret: \"{Secret}\"\n", ["one/HmacSha256"] },
        { "an empty key section", "key:\n", [] },
    };

    [Theory]
    [MemberData(nameof(KnotFiles))]
    public void Every_keymgr_item_becomes_one_key(string scenario, string text, string[] keys)
    {
        TsigKeyText.Parse(text).Select(key => $"{key.Name}/{key.Algorithm}").Should().Equal(keys, scenario);
    }

    /// <summary>(case, a key file, what the error says). The secret is never part of it.</summary>
    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "a keymgr item without id", $"key:\n  - algorithm: hmac-sha256\n    secret: {Secret}\n", "a TSIG key has no name." },
        { "a keymgr item with an algorithm only", "key:\n  - algorithm: hmac-sha256\n", "a TSIG key has no name." },
        { "a keymgr item without algorithm", $"key:\n  - id: one\n    secret: {Secret}\n", "TSIG key 'one': algorithm '' is not one of hmac-sha256, hmac-sha512, hmac-sha1." },
        { "a keymgr item without secret", "key:\n  - id: one\n    algorithm: hmac-sha256\n", "TSIG key 'one': the secret of key 'one' is empty.*" },
        { "a BIND block without secret", "key \"one\" { algorithm hmac-sha256; };", "key \"one\" needs both 'algorithm <name>;' and 'secret \"<base64>\";'." },
        { "a BIND block without algorithm", $"key \"one\" {{ secret \"{Secret}\"; }};", "key \"one\" needs both*" },
        { "a switch form line without name", $":hmac-sha256:{Secret}", "a TSIG key has no name." },
        { "a bad key name", $"a..b:hmac-sha256:{Secret}", "TSIG key 'a..b': 'a..b' is not a key name*" },
        { "five parts", $"one:hmac-sha256:{Secret}:abc.cert.example.com:more", "'one:hmac-sha256:<secret>:abc.cert.example.com:more' is not NAME:ALGORITHM:BASE64SECRET*" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_key_file_says_what_is_wrong_without_the_secret(string scenario, string text, string message)
    {
        var parse = () => TsigKeyText.Parse(text);

        parse.Should().Throw<FormatException>(scenario).WithMessage(message).Which.Message.Should().NotContain(Secret);
    }

    [Fact]
    public void Scopes_in_the_switch_form_are_trimmed_and_empty_ones_dropped()
    {
        var key = TsigKeyText.ParseEntry($" acme-key:hmac-sha256:{Secret}: abc.cert.example.com , ,xyz.cert.example.com ");

        key.Scopes.Should().Equal("abc.cert.example.com", "xyz.cert.example.com");
    }

    [Fact]
    public void No_text_is_an_argument_error()
    {
        FluentActions.Invoking(() => TsigKeyText.Parse(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => TsigKeyText.ParseEntry(null!)).Should().Throw<ArgumentNullException>();
    }

    /// <summary>(case, the text, whether it names an algorithm, which).</summary>
    public static TheoryData<string, string?, bool, TsigAlgorithm> AlgorithmNames => new()
    {
        { "the RFC name", "hmac-sha256", true, TsigAlgorithm.HmacSha256 },
        { "upper case with the root dot", " HMAC-SHA512. ", true, TsigAlgorithm.HmacSha512 },
        { "without the hmac- prefix", "sha1", true, TsigAlgorithm.HmacSha1 },
        { "MD5", "hmac-md5.sig-alg.reg.int", false, default },
        { "empty", "", false, default },
        { "none", null, false, default },
    };

    [Theory]
    [MemberData(nameof(AlgorithmNames))]
    public void Algorithm_names_are_read_as_key_files_spell_them(string scenario, string? text, bool known, TsigAlgorithm expected)
    {
        TsigNames.TryParse(text, out var algorithm).Should().Be(known, scenario);
        algorithm.Should().Be(expected, scenario);
    }
}
