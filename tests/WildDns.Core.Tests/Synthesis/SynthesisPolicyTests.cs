using System.Net;
using FluentAssertions;
using WildDns.Core.Codec;
using WildDns.Core.Networks;
using WildDns.Core.Synthesis;
using Xunit;

namespace WildDns.Core.Tests.Synthesis;

/// <summary>SPEC §2 and §3 as the core decides them, for the zone cert.example.com with default settings.</summary>
public sealed class SynthesisPolicyTests
{
    private const ushort Ns = 2;
    private const ushort Soa = 6;
    private const ushort Mx = 15;
    private const ushort Caa = 257;

    private const string Long63 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Long64 = Long63 + "a";

    private readonly SynthesisPolicy policy = new([new ZonePolicy("cert.example.com")]);

    [Theory]
    [InlineData("IPv4, A", "192-168-2-1.abc123.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("IPv4, ANY gets the A record (RFC 8482)", "192-168-2-1.abc123.cert.example.com", QueryType.Any, "192.168.2.1")]
    [InlineData("IPv4, root dot", "192-168-2-1.abc123.cert.example.com.", QueryType.A, "192.168.2.1")]
    [InlineData("IPv4, mixed case", "192-168-2-1.ABC123.Cert.Example.COM", QueryType.A, "192.168.2.1")]
    [InlineData("IPv4 loopback", "127-0-0-1.abc123.cert.example.com", QueryType.A, "127.0.0.1")]
    [InlineData("IPv4 CGNAT", "100-64-0-1.abc123.cert.example.com", QueryType.A, "100.64.0.1")]
    [InlineData("IPv6, AAAA", "fd00--1.abc123.cert.example.com", QueryType.Aaaa, "fd00::1")]
    [InlineData("IPv6, ANY gets the AAAA record", "fd00--1.abc123.cert.example.com", QueryType.Any, "fd00::1")]
    [InlineData("IPv6 loopback written 0--1", "0--1.abc123.cert.example.com", QueryType.Aaaa, "::1")]
    [InlineData("IPv6 full 8-group form", "fd00-0-0-0-0-0-0-1.abc123.cert.example.com", QueryType.Aaaa, "fd00::1")]
    [InlineData("IPv6 upper-case hex", "FD00--AB.abc123.cert.example.com", QueryType.Aaaa, "fd00::ab")]
    [InlineData("IPv6 link-local", "fe80--1.abc123.cert.example.com", QueryType.Aaaa, "fe80::1")]
    [InlineData("hex-looking payload is an address before a host name (rule 3)", "fd00--de.abc123.cert.example.com", QueryType.Aaaa, "fd00::de")]
    [InlineData("ip- prefix, IPv4", "ip-192-168-2-1.abc123.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("ip- prefix, IPv6", "ip-fd00--1.abc123.cert.example.com", QueryType.Aaaa, "fd00::1")]
    [InlineData("IP- prefix in upper case", "IP-10-0-0-1.abc123.cert.example.com", QueryType.A, "10.0.0.1")]
    [InlineData("client identifier", "192-168-2-1.abc123.client-1.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("a type label after the identifier", "192-168-2-1.abc123.a.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("a type label before the identifier", "192-168-2-1.a.abc123.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("a type label between identifiers", "10-1-2-3.abc123.a.client-1.cert.example.com", QueryType.A, "10.1.2.3")]
    [InlineData("a type label and ip- prefix", "ip-192-168-2-1.abc123.a.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("a type label in upper case", "192-168-2-1.abc123.A.cert.example.com", QueryType.A, "192.168.2.1")]
    [InlineData("a type label, IPv6", "fd00--1.abc123.a.cert.example.com", QueryType.Aaaa, "fd00::1")]
    [InlineData("identifier that looks like an address", "10-0-0-1.192-168-2-1.cert.example.com", QueryType.A, "10.0.0.1")]
    [InlineData("identifier that looks like a host name", "10-0-0-1.pacs--com.cert.example.com", QueryType.A, "10.0.0.1")]
    public void Decide_AddressPayload_AnswersWithTheAddress(string scenario, string name, ushort queryType, string expected)
    {
        var decision = policy.Decide(name, queryType);

        decision.Kind.Should().Be(AnswerKind.Address);
        decision.Reason.Should().Be(DecisionReason.AddressDecoded);
        decision.ZoneIndex.Should().Be(0);
        decision.Address.ToIPAddress().Should().Be(IPAddress.Parse(expected));
        decision.RecordType.Should().Be(decision.Address.IsIPv6 ? QueryType.Aaaa : QueryType.A);
    }

    [Theory]
    [InlineData("cname label, A", "pacs--hospital-abc--com.abc123.cname.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("cname label, AAAA", "pacs--hospital-abc--com.abc123.cname.cert.example.com", QueryType.Aaaa, "pacs.hospital-abc.com")]
    [InlineData("cname label, CNAME", "pacs--hospital-abc--com.abc123.cname.cert.example.com", QueryType.Cname, "pacs.hospital-abc.com")]
    [InlineData("cname label, TXT", "pacs--hospital-abc--com.abc123.cname.cert.example.com", QueryType.Txt, "pacs.hospital-abc.com")]
    [InlineData("cname label, MX", "pacs--hospital-abc--com.abc123.cname.cert.example.com", Mx, "pacs.hospital-abc.com")]
    [InlineData("cname label, ANY", "pacs--hospital-abc--com.abc123.cname.cert.example.com", QueryType.Any, "pacs.hospital-abc.com")]
    [InlineData("cname label before the identifier", "pacs--hospital-abc--com.cname.abc123.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("cname label between identifiers", "pacs--hospital-abc--com.abc123.cname.client-1.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("no type label (rule 3)", "pacs--hospital-abc--com.abc123.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("IDNA label survives", "www--xn--mnchen-3ya--de.abc123.cname.cert.example.com", QueryType.A, "www.xn--mnchen-3ya.de")]
    [InlineData("dn- prefix", "dn-pacs--hospital-abc--com.abc123.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("DN- prefix in upper case", "DN-pacs--hospital-abc--com.abc123.cert.example.com", QueryType.A, "pacs.hospital-abc.com")]
    [InlineData("dns is not the dn- prefix", "dnsserver--hospital--com.abc123.cert.example.com", QueryType.A, "dnsserver.hospital.com")]
    [InlineData("ip is not the ip- prefix", "ipam--hospital--com.abc123.cert.example.com", QueryType.A, "ipam.hospital.com")]
    [InlineData("host name starting with dn- through the cname label (rule 1)", "dn-pacs--hospital--com.abc123.cname.cert.example.com", QueryType.A, "dn-pacs.hospital.com")]
    [InlineData("host name starting with ip- through the cname label (rule 1)", "ip-camera--hospital--com.abc123.cname.cert.example.com", QueryType.A, "ip-camera.hospital.com")]
    [InlineData("hex-looking host name through the dn- prefix", "dn-fd00--de.abc123.cert.example.com", QueryType.Aaaa, "fd00.de")]
    [InlineData("hex-looking host name through the cname label", "fd00--de.abc123.cname.cert.example.com", QueryType.Aaaa, "fd00.de")]
    [InlineData("mixed case is lowered in the answer", "PACS--Hospital--COM.ABC123.CNAME.Cert.Example.Com.", QueryType.A, "pacs.hospital.com")]
    public void Decide_HostNamePayload_AnswersWithTheAlias(string scenario, string name, ushort queryType, string expected)
    {
        var decision = policy.Decide(name, queryType);

        decision.Kind.Should().Be(AnswerKind.Alias);
        decision.Reason.Should().Be(DecisionReason.AliasDecoded);
        decision.ZoneIndex.Should().Be(0);
        decision.RecordType.Should().Be(QueryType.Cname);
        var payload = name.AsSpan(decision.PayloadStart, decision.PayloadLength);
        Span<char> target = stackalloc char[EncodedHostName.MaxNameLength];
        new string(target[..EncodedHostName.WriteText(payload, target)]).Should().Be(expected);
    }

    [Theory]
    // NODATA: the name exists with another record type (RFC 2308 §2.2).
    [InlineData("IPv4 name, AAAA", "192-168-2-1.abc123.cert.example.com", QueryType.Aaaa, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv4 name, MX", "192-168-2-1.abc123.cert.example.com", Mx, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv4 name, TXT", "192-168-2-1.abc123.cert.example.com", QueryType.Txt, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv4 name, CAA", "192-168-2-1.abc123.cert.example.com", Caa, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv4 name, CNAME", "192-168-2-1.abc123.cert.example.com", QueryType.Cname, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv4 name, NS", "192-168-2-1.abc123.cert.example.com", Ns, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv6 name, A", "fd00--1.abc123.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("IPv6 name under the a type label, A", "fd00--1.abc123.a.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    // The apex has only the zone file's records.
    [InlineData("apex, SOA", "cert.example.com", Soa, AnswerKind.NoData, DecisionReason.ZoneApex)]
    [InlineData("apex, A", "cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.ZoneApex)]
    [InlineData("apex, mixed case with root dot", "Cert.EXAMPLE.com.", Ns, AnswerKind.NoData, DecisionReason.ZoneApex)]
    // Empty non-terminals (RFC 8020): names with answers below them are never NXDOMAIN.
    [InlineData("certificate identifier", "abc123.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("certificate identifier, ANY", "abc123.cert.example.com", QueryType.Any, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("certificate identifier, mixed case", "ABC123.Cert.Example.Com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("identifier under the cname label", "abc123.cname.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("cname label alone", "cname.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("a label alone", "a.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("cname label under the identifier", "cname.abc123.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("client identifier", "abc123.client-1.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("client identifier under the cname label", "abc123.client-1.cname.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("encoded address as an identifier", "192-168-2-1.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("address under the a label without identifier", "192-168-2-1.a.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("host name under the cname label without identifier", "pacs--hospital--com.cname.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("undecodable payload that can be a client identifier", "01-2-3-4.abc123.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    [InlineData("address under the cname label can be a client identifier", "192-168-2-1.abc123.cname.cert.example.com", QueryType.A, AnswerKind.EmptyNonTerminal, DecisionReason.ScopeAncestor)]
    // ACME DNS-01 names.
    [InlineData("challenge, TXT", "_acme-challenge.abc123.cert.example.com", QueryType.Txt, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge, ANY", "_acme-challenge.abc123.cert.example.com", QueryType.Any, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge, A", "_acme-challenge.abc123.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("challenge, CNAME", "_acme-challenge.abc123.cert.example.com", QueryType.Cname, AnswerKind.NoData, DecisionReason.OtherRecordType)]
    [InlineData("challenge for the cname wildcard", "_acme-challenge.abc123.cname.cert.example.com", QueryType.Txt, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge with the type label first", "_acme-challenge.cname.abc123.cert.example.com", QueryType.Txt, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge for a client certificate", "_acme-challenge.abc123.client-1.cert.example.com", QueryType.Txt, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge, upper case", "_ACME-CHALLENGE.ABC123.CERT.EXAMPLE.COM", QueryType.Txt, AnswerKind.Challenge, DecisionReason.ChallengeName)]
    [InlineData("challenge at the apex", "_acme-challenge.cert.example.com", QueryType.Txt, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("challenge under a type label only", "_acme-challenge.cname.cert.example.com", QueryType.Txt, AnswerKind.NonExistent, DecisionReason.NoIdentifier)]
    [InlineData("challenge under a scope too deep", "_acme-challenge.abc123.client-1.extra.cert.example.com", QueryType.Txt, AnswerKind.NonExistent, DecisionReason.ScopeTooDeep)]
    [InlineData("name below a challenge name", "x._acme-challenge.abc123.cert.example.com", QueryType.Txt, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    // Addresses outside the allowed networks: no address record.
    [InlineData("public IPv4, NODATA where a client identifier could follow", "8-8-8-8.abc123.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.AddressNotAllowed)]
    [InlineData("public IPv4, other type", "8-8-8-8.abc123.cert.example.com", QueryType.Aaaa, AnswerKind.NoData, DecisionReason.AddressNotAllowed)]
    [InlineData("public IPv4 with ip- prefix", "ip-8-8-8-8.abc123.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.AddressNotAllowed)]
    [InlineData("public IPv4 under the a label", "8-8-8-8.abc123.a.cert.example.com", QueryType.A, AnswerKind.NoData, DecisionReason.AddressNotAllowed)]
    [InlineData("public IPv4, NXDOMAIN under a full scope", "8-8-8-8.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.AddressNotAllowed)]
    [InlineData("IPv6 documentation address", "2001-db8-0-0-0-0-0-1.abc123.cert.example.com", QueryType.Aaaa, AnswerKind.NoData, DecisionReason.AddressNotAllowed)]
    [InlineData("IPv4-mapped private address", "0--ffff-c0a8-201.abc123.client-1.cert.example.com", QueryType.Aaaa, AnswerKind.NonExistent, DecisionReason.AddressNotAllowed)]
    // Nothing at or below the name: NXDOMAIN. A full scope (two identifiers) leaves no room for a client identifier.
    [InlineData("leading zeros", "192-168-02-1.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("octet over 255", "192-168-2-256.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("five octets", "192-168-2-1-5.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("':::' written as '---'", "fd00---1.abc123.client-1.cert.example.com", QueryType.Aaaa, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("payload starting with '-'", "-192-168-2-1.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("payload ending with '-'", "fd00--.abc123.client-1.cert.example.com", QueryType.Aaaa, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("payload starting with '-' is no identifier either", "-pacs--com.abc123.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("empty payload", ".abc123.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("64-octet payload", "pacs--" + Long63 + "-.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("64-octet host-name payload under one identifier", Long64 + "--com.abc123.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("unknown prefix", "xx-192-168-2-1.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("single word is never an alias", "pacs.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("ip- prefix before a host name", "ip-pacs--hospital--com.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PrefixWantsAddress)]
    [InlineData("dn- prefix before an address", "dn-192-168-2-1.abc123.client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PrefixWantsHostName)]
    [InlineData("a type label before a host name", "pacs--hospital--com.abc123.client-1.a.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TypeLabelWantsAddress)]
    [InlineData("a type label before a dn- prefix", "dn-pacs--hospital--com.abc123.client-1.a.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TypeLabelWantsAddress)]
    [InlineData("cname type label before an address", "192-168-2-1.abc123.client-1.cname.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TypeLabelWantsHostName)]
    [InlineData("two type labels", "192-168-2-1.abc123.a.cname.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TwoTypeLabels)]
    [InlineData("identifier equal to the a type label", "192-168-2-1.a.a.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TwoTypeLabels)]
    [InlineData("identifier equal to the cname type label, other case", "pacs--com.CNAME.cname.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.TwoTypeLabels)]
    [InlineData("three identifier labels", "192-168-2-1.abc123.client-1.extra.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.ScopeTooDeep)]
    [InlineData("three identifier labels and a type label", "192-168-2-1.abc123.client-1.extra.a.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.ScopeTooDeep)]
    [InlineData("three plain labels", "x.y.z.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.PayloadNotDecodable)]
    [InlineData("empty label in the scope", "192-168-2-1.abc123..client-1.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    [InlineData("empty label above the zone", "192-168-2-1.abc123..cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    [InlineData("64-octet identifier", "192-168-2-1." + Long64 + ".cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    [InlineData("identifier with an underscore", "192-168-2-1.abc_123.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    [InlineData("identifier ending with '-'", "192-168-2-1.abc123-.cert.example.com", QueryType.A, AnswerKind.NonExistent, DecisionReason.InvalidIdentifier)]
    // Outside every served zone: REFUSED.
    [InlineData("other domain", "192-168-2-1.abc123.example.org", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    [InlineData("parent of the zone", "example.com", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    [InlineData("name sharing a suffix", "192-168-2-1.abc123.xcert.example.com", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    [InlineData("zone name inside another name", "cert.example.com.evil.org", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    [InlineData("empty name", "", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    [InlineData("root", ".", QueryType.A, AnswerKind.NotOurs, DecisionReason.OutsideZones)]
    public void Decide_Name_GivesKindAndReason(string scenario, string name, ushort queryType, AnswerKind kind, DecisionReason reason)
    {
        var decision = policy.Decide(name, queryType);

        decision.Kind.Should().Be(kind);
        decision.Reason.Should().Be(reason);
        decision.ZoneIndex.Should().Be(kind == AnswerKind.NotOurs ? -1 : 0);
        decision.IsInZone.Should().Be(kind != AnswerKind.NotOurs);
        decision.RecordType.Should().Be(kind == AnswerKind.Challenge ? QueryType.Txt : (ushort)0);
    }

    [Theory]
    [InlineData("deepest zone wins", "192-168-2-1.abc123.cert.example.com", 1)]
    [InlineData("parent zone for its own names", "192-168-2-1.abc123.example.com", 0)]
    [InlineData("second zone, other case", "192-168-2-1.abc123.CERT.Example.Net", 2)]
    [InlineData("none", "192-168-2-1.abc123.example.org", -1)]
    public void FindZone_SeveralZones_PicksTheLongestOrigin(string scenario, string name, int expected)
    {
        var zones = new SynthesisPolicy([new ZonePolicy("example.com"), new ZonePolicy("cert.example.com"), new ZonePolicy("cert.example.net.")]);

        zones.FindZone(name).Should().Be(expected);
        zones.Decide(name, QueryType.A).ZoneIndex.Should().Be(expected);
    }

    [Theory]
    [InlineData("a is an identifier once renamed", "192-168-2-1.a.abc123.cert.example.com", AnswerKind.Address, DecisionReason.AddressDecoded)]
    [InlineData("renamed address label", "192-168-2-1.abc123.addr.cert.example.com", AnswerKind.Address, DecisionReason.AddressDecoded)]
    [InlineData("renamed alias label", "pacs--hospital--com.alias.abc123.cert.example.com", AnswerKind.Alias, DecisionReason.AliasDecoded)]
    [InlineData("renamed alias label wants a host name", "192-168-2-1.abc123.x.y.alias.cert.example.com", AnswerKind.NonExistent, DecisionReason.TypeLabelWantsHostName)]
    [InlineData("three identifiers allowed", "192-168-2-1.abc123.client-1.extra.cert.example.com", AnswerKind.Address, DecisionReason.AddressDecoded)]
    [InlineData("four identifiers too many", "192-168-2-1.abc123.client-1.extra.more.cert.example.com", AnswerKind.NonExistent, DecisionReason.ScopeTooDeep)]
    [InlineData("old cname label is an identifier", "pacs--hospital--com.abc123.cname.cert.example.com", AnswerKind.Alias, DecisionReason.AliasDecoded)]
    [InlineData("custom network allows a public address", "203-0-113-7.abc123.cert.example.com", AnswerKind.Address, DecisionReason.AddressDecoded)]
    [InlineData("custom network keeps what it lists", "192-168-2-1.abc123.client-1.extra.cert.example.com", AnswerKind.Address, DecisionReason.AddressDecoded)]
    [InlineData("custom network leaves out the defaults", "10-0-0-1.abc123.client-1.extra.cert.example.com", AnswerKind.NonExistent, DecisionReason.AddressNotAllowed)]
    public void Decide_ZoneWithOwnSettings_UsesThem(string scenario, string name, AnswerKind kind, DecisionReason reason)
    {
        var zone = new ZonePolicy(
            "Cert.Example.Com.",
            addressLabel: "ADDR",
            aliasLabel: "alias",
            maxIdentifierLabels: 3,
            allowedNetworks: AllowedNetworks.Parse(["203.0.113.0/24", "192.168.0.0/16"]));
        var custom = new SynthesisPolicy([zone]);

        var decision = custom.Decide(name, QueryType.A);

        decision.Kind.Should().Be(kind);
        decision.Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("challenge name", "_acme-challenge.abc123.cert.example.com", ChallengeNameCheck.Valid, 0)]
    [InlineData("challenge name, upper case with root dot", "_ACME-CHALLENGE.ABC123.cname.CERT.EXAMPLE.COM.", ChallengeNameCheck.Valid, 0)]
    [InlineData("client certificate", "_acme-challenge.abc123.client-1.cert.example.com", ChallengeNameCheck.Valid, 0)]
    [InlineData("apex would cover the whole zone", "_acme-challenge.cert.example.com", ChallengeNameCheck.ZoneApex, 0)]
    [InlineData("apex, upper case", "_ACME-CHALLENGE.CERT.EXAMPLE.COM.", ChallengeNameCheck.ZoneApex, 0)]
    [InlineData("other zone", "_acme-challenge.abc123.example.org", ChallengeNameCheck.OutsideZones, -1)]
    [InlineData("no challenge label", "abc123.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("address name", "192-168-2-1.abc123.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("type label only", "_acme-challenge.cname.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("scope too deep", "_acme-challenge.abc123.client-1.extra.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("two type labels", "_acme-challenge.abc123.a.cname.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("bad identifier", "_acme-challenge.abc_123.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    [InlineData("challenge label not leftmost", "x._acme-challenge.abc123.cert.example.com", ChallengeNameCheck.Invalid, 0)]
    public void CheckChallengeName_Name_SaysWhetherValuesMayBePublished(string scenario, string name, ChallengeNameCheck expected, int zoneIndex)
    {
        policy.CheckChallengeName(name, out var zone).Should().Be(expected);
        zone.Should().Be(zoneIndex);
    }

    [Theory]
    [InlineData("a zone-file name", "_acme-challenge.ns1.cert.example.com", ChallengeNameCheck.StaticName)]
    [InlineData("a zone-file name, upper case with root dot", "_ACME-CHALLENGE.NS1.CERT.EXAMPLE.COM.", ChallengeNameCheck.StaticName)]
    [InlineData("a name above a zone-file name", "_acme-challenge.lab.cert.example.com", ChallengeNameCheck.StaticName)]
    [InlineData("a name below a zone-file name", "_acme-challenge.x.ns1.cert.example.com", ChallengeNameCheck.Valid)]
    [InlineData("a synthesized scope", "_acme-challenge.abc123.cert.example.com", ChallengeNameCheck.Valid)]
    [InlineData("the apex stays the apex", "_acme-challenge.cert.example.com", ChallengeNameCheck.ZoneApex)]
    public void CheckChallengeName_WithStaticNames_RefusesNamesTheZoneFilesHold(string scenario, string name, ChallengeNameCheck expected)
    {
        var staticNames = new StaticNameSet("cert.example.com", "ns1.cert.example.com", "www.lab.cert.example.com");

        policy.CheckChallengeName(name, staticNames, out _).Should().Be(expected, scenario);
    }

    [Fact]
    public void Constructor_SameZoneTwice_Throws()
    {
        var act = () => new SynthesisPolicy([new ZonePolicy("cert.example.com"), new ZonePolicy("CERT.example.com.")]);

        act.Should().Throw<ArgumentException>().WithMessage("*cert.example.com*configured twice*");
    }

    [Fact]
    public void Zones_AreKeptInOrder()
    {
        var zones = new SynthesisPolicy([new ZonePolicy("b.example"), new ZonePolicy("a.example")]).Zones;

        zones.Select(zone => zone.Origin).Should().Equal("b.example", "a.example");
    }

    /// <summary>Zone-file names as a catalog holds them: each name and every name above it.</summary>
    private sealed class StaticNameSet(params string[] names) : IStaticNames
    {
        public bool IsAtOrAboveStaticName(ReadOnlySpan<char> name)
        {
            foreach (var staticName in names)
            {
                if (staticName.AsSpan().EndsWith(name) && (staticName.Length == name.Length || staticName[staticName.Length - name.Length - 1] == '.'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
