using FluentAssertions;
using WildDns.Core.Challenges;
using Xunit;

namespace WildDns.Core.Tests.Challenges;

/// <summary>The one scope rule of TSIG keys and control-plane tokens: a scope covers its own challenge name and those below it.</summary>
public sealed class ChallengeScopesTests
{
    [Theory]
    [InlineData("the scope itself", "abc.cert.example.com", "_acme-challenge.abc.cert.example.com", true)]
    [InlineData("below the scope", "abc.cert.example.com", "_acme-challenge.x.abc.cert.example.com", true)]
    [InlineData("a whole zone", "cert.example.com", "_acme-challenge.def.cert.example.com", true)]
    [InlineData("one of two scopes", "def.cert.example.com, abc.cert.example.com", "_acme-challenge.abc.cert.example.com", true)]
    [InlineData("written with capitals and the root dot", "ABC.cert.example.com.", "_acme-challenge.abc.cert.example.com", true)]
    [InlineData("a listing's scope below it", "abc.cert.example.com", "x.abc.cert.example.com", true)]
    [InlineData("a sibling", "abc.cert.example.com", "_acme-challenge.def.cert.example.com", false)]
    [InlineData("a suffix that is not a label boundary", "abc.cert.example.com", "_acme-challenge.xabc.cert.example.com", false)]
    [InlineData("the zone above the scope", "abc.cert.example.com", "_acme-challenge.cert.example.com", false)]
    [InlineData("another zone", "cert.example.com", "_acme-challenge.abc.cert.example.org", false)]
    [InlineData("no scopes: everything", "", "_acme-challenge.abc.example.org", true)]
    public void Allows_ChallengeName_WithinAScopeOnly(string scenario, string scopes, string name, bool allowed)
    {
        ChallengeScopes.Parse(scopes).Allows(name).Should().Be(allowed, scenario);
    }

    [Theory]
    [InlineData("an empty label", "abc..cert.example.com")]
    [InlineData("a space inside", "abc cert.example.com")]
    [InlineData("a label over 63 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.cert.example.com")]
    public void Parse_MalformedScope_ThrowsNamingIt(string scenario, string scope)
    {
        var parse = () => ChallengeScopes.Parse(scope);

        parse.Should().Throw<FormatException>(scenario).WithMessage($"*'{scope}'*");
    }
}
