using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>The names issue 3 asks real resolvers and tools to resolve, with the records WildDns gives them.</summary>
internal static class InteropNames
{
    public const string IPv4 = "192-168-2-1.cald5f5f7ba45.cert.example.com";
    public const string IPv4Record = IPv4 + ". 3600 IN A 192.168.2.1";

    public const string IPv6 = "fd00--1.cald5f5f7ba45.cert.example.com";
    public const string IPv6Record = IPv6 + ". 3600 IN AAAA fd00::1";

    public const string Alias = "pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com";
    public const string AliasRecord = Alias + ". 3600 IN CNAME pacs.hospital-abc.com.";

    /// <summary>The alias target, served by the test zone hospital-abc.com (<see cref="InteropFixture.TargetZoneText"/>).</summary>
    public const string AliasTargetRecord = "pacs.hospital-abc.com. 300 IN A 192.168.2.10";

    /// <summary>An alias whose target is itself in the cert zone, so WildDns answers the CNAME and the target's A together.</summary>
    public const string InZoneAlias = "192-168-2-1--cald5f5f7ba45--cert--example--com.cald5f5f7ba45.cname.cert.example.com";
    public const string InZoneAliasRecord = InZoneAlias + ". 3600 IN CNAME " + IPv4 + ".";

    /// <summary>A label with "--" at positions 3–4, which strict IDNA tools refuse (kdig needs +noidn).</summary>
    public const string IdnaHostileAlias = "db--hospital--com.cald5f5f7ba45.cname.cert.example.com";
    public const string IdnaHostileAliasRecord = IdnaHostileAlias + ". 3600 IN CNAME db.hospital.com.";

    /// <summary>Its payload decodes to nothing and it is too deep for a scope, so it and everything below it do not exist.</summary>
    public const string Invalid = "www.cald5f5f7ba45.client-abc.cert.example.com";

    /// <summary>The values the interop server publishes at <see cref="Answers.PublishedChallenges.TableName"/>.</summary>
    public static readonly string[] ChallengeRecords =
    [
        Answers.PublishedChallenges.TableName + ". 60 IN TXT \"FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A\"",
        Answers.PublishedChallenges.TableName + ". 60 IN TXT \"Zq9WmT3xYp0LkNv7HsR2cJdF5gBaEu1Io8QtVy4Xw6E\"",
    ];

    /// <summary>Every kind of name a resolver in front of WildDns must resolve (issue 15): case, name, type, the answer records.</summary>
    public static TheoryData<string, string, string, string> Resolvable() => new()
    {
        { "IPv4 address", IPv4, "A", IPv4Record },
        { "IPv6 address", IPv6, "AAAA", IPv6Record },
        { "alias with its target in the cert zone", InZoneAlias, "A", $"{InZoneAliasRecord}\n{IPv4Record}" },
        { "alias with its target in another zone at WildDns", Alias, "A", $"{AliasRecord}\n{AliasTargetRecord}" },
        { "published challenge", Answers.PublishedChallenges.TableName, "TXT", string.Join('\n', ChallengeRecords) },
    };

    public const string NegativeSoa = "cert.example.com. 60 IN SOA ns1.cert.example.com. hostmaster.example.com. 1 7200 900 1209600 60";
}
