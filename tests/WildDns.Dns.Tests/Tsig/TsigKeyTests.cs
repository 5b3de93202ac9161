using FluentAssertions;
using WildDns.Dns.Tsig;
using Xunit;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>A key's name, secret and scopes as configured, and the key ring that finds it by the name a message carries.</summary>
public sealed class TsigKeyTests
{
    private static readonly string Label63 = new('a', 63);

    /// <summary>(case, the name configured, its normalised form, or null when refused).</summary>
    public static TheoryData<string, string, string?> Names => new()
    {
        { "a plain name", "acme-key", "acme-key" },
        { "upper case and the root dot", " ACME-Key. ", "acme-key" },
        { "a 63-octet label", Label63, Label63 },
        { "a 64-octet label", Label63 + "a", null },
        { "an empty label", "acme..key", null },
        { "empty", "", null },
        { "only the root dot", ".", null },
        { "253 characters, the longest a name spells", string.Join('.', Label63, Label63, Label63, new string('b', 61)), string.Join('.', Label63, Label63, Label63, new string('b', 61)) },
        { "254 characters", string.Join('.', Label63, Label63, Label63, new string('b', 62)), null },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_key_name_must_be_a_domain_name(string scenario, string name, string? expected)
    {
        var create = () => new TsigKey(name, TsigAlgorithm.HmacSha256, [1]);

        if (expected is null)
        {
            create.Should().Throw<ArgumentException>(scenario).WithMessage("*is not a key name*").Which.ParamName.Should().Be("name");
        }
        else
        {
            create().Name.Should().Be(expected, scenario);
        }
    }

    [Fact]
    public void An_empty_secret_or_a_malformed_scope_is_refused_naming_the_key()
    {
        var empty = () => new TsigKey("acme-key", TsigAlgorithm.HmacSha256, []);
        var scope = () => new TsigKey("acme-key", TsigAlgorithm.HmacSha256, [1], ["not a name"]);

        empty.Should().Throw<ArgumentException>().WithMessage("the secret of key 'acme-key' is empty.*").Which.ParamName.Should().Be("secret");
        scope.Should().Throw<ArgumentException>().WithMessage("key 'acme-key': *").Which.ParamName.Should().Be("scopes");
    }

    [Fact]
    public void A_missing_name_secret_or_key_list_is_an_argument_error()
    {
        FluentActions.Invoking(() => new TsigKey(null!, TsigAlgorithm.HmacSha256, [1])).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("name");
        FluentActions.Invoking(() => new TsigKey("acme-key", TsigAlgorithm.HmacSha256, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("secret");
        FluentActions.Invoking(() => new TsigKeyRing(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("keys");
    }

    [Fact]
    public void The_key_keeps_its_own_copy_of_the_secret()
    {
        byte[] secret = [1, 2, 3];
        var key = new TsigKey("acme-key", TsigAlgorithm.HmacSha256, secret);
        var before = key.ComputeMac([42]);

        secret[0] = 9;

        key.ComputeMac([42]).Should().Equal(before);
    }

    /// <summary>(case, the key, how a log line names it: never the secret).</summary>
    public static TheoryData<string, TsigKey, string> Descriptions => new()
    {
        { "unscoped", new TsigKey("acme-key", TsigAlgorithm.HmacSha512, [1]), "acme-key (hmac-sha512)" },
        { "scoped", new TsigKey("acme-key", TsigAlgorithm.HmacSha1, [1], ["abc.cert.example.com", "xyz.cert.example.com"]), "acme-key (hmac-sha1, scopes abc.cert.example.com, xyz.cert.example.com)" },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void A_key_is_described_by_name_algorithm_and_scopes(string scenario, TsigKey key, string expected)
    {
        key.ToString().Should().Be(expected, scenario);
    }

    [Fact]
    public void The_same_key_with_other_scopes_keeps_name_algorithm_and_secret()
    {
        var key = new TsigKey("acme-key", TsigAlgorithm.HmacSha512, [1, 2, 3]);

        var scoped = key.WithScopes(["abc.cert.example.com"]);

        (scoped.Name, scoped.Algorithm).Should().Be(("acme-key", TsigAlgorithm.HmacSha512));
        scoped.ComputeMac([42]).Should().Equal(key.ComputeMac([42]));
        scoped.Allows("_acme-challenge.xyz.cert.example.com").Should().BeFalse();
        key.Allows("_acme-challenge.xyz.cert.example.com").Should().BeTrue();
    }

    [Fact]
    public void A_ring_finds_keys_by_name_and_refuses_a_name_twice()
    {
        var one = new TsigKey("one", TsigAlgorithm.HmacSha256, [1]);
        var ring = new TsigKeyRing([one, new TsigKey("two", TsigAlgorithm.HmacSha256, [2])]);
        var twice = () => new TsigKeyRing([one, new TsigKey("ONE.", TsigAlgorithm.HmacSha1, [3])]);

        ring.Count.Should().Be(2);
        ring.Find("one").Should().BeSameAs(one);
        ring.Find("three").Should().BeNull();
        ring.Keys.Select(key => key.Name).Should().BeEquivalentTo("one", "two");
        TsigKeyRing.Empty.Count.Should().Be(0);
        twice.Should().Throw<ArgumentException>().WithMessage("the TSIG key 'one' is defined twice.*");
    }
}
