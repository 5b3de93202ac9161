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

    /// <summary>A label with "--" at positions 3–4, which strict IDNA tools refuse (kdig needs +noidn).</summary>
    public const string IdnaHostileAlias = "db--hospital--com.cald5f5f7ba45.cname.cert.example.com";
    public const string IdnaHostileAliasRecord = IdnaHostileAlias + ". 3600 IN CNAME db.hospital.com.";

    /// <summary>Its payload decodes to nothing and it is too deep for a scope, so it and everything below it do not exist.</summary>
    public const string Invalid = "www.cald5f5f7ba45.client-abc.cert.example.com";

    public const string NegativeSoa = "cert.example.com. 60 IN SOA ns1.cert.example.com. hostmaster.example.com. 1 7200 900 1209600 60";
}
