using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Updates;
using Xunit;

namespace WildDns.Dns.Tests.Updates;

/// <summary>
/// The record sets RFC 2136 §3.2 prerequisites are checked against: the zone files' records, the published challenge
/// values and the synthesized records, each set as the zone-file lines a prerequisite would state (TTL 0, §2.4.2).
/// </summary>
public sealed class ZoneContentsTests
{
    private const string Published = "FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A";

    private static readonly string Long240 = new('x', 240);
    private static readonly string Long100 = new('y', 100);

    /// <summary>A TXT record of 342 octets of RDATA, past what one length octet could say, before another record.</summary>
    private static readonly string LongZone =
        $"$TTL 300\n@ IN SOA ns.contents.test. hostmaster.contents.test. 1 3600 600 86400 30\n@ IN NS ns\nns IN A 192.0.2.1\n"
        + $"long IN TXT \"{Long240}\" \"{Long100}\"\nlong IN TXT \"short\"\n";

    private readonly ZoneContents contents;

    public ZoneContentsTests()
    {
        var store = new ChallengeStoreDouble();
        store.Publish("_acme-challenge.abc.cert.example.com", Published);
        contents = new ZoneContents(ShippedZones.Load(("contents.test", LongZone)), store);
    }

    /// <summary>(case, name, type, the set as zone-file lines).</summary>
    public static TheoryData<string, string, ushort, string[]> Sets => new()
    {
        { "the static NS set at the apex", "cert.example.com", 2, ["cert.example.com. 0 IN NS ns1.cert.example.com.", "cert.example.com. 0 IN NS ns2.cert.example.com."] },
        { "static glue", "ns1.cert.example.com", 1, ["ns1.cert.example.com. 0 IN A 192.0.2.53"] },
        { "a static name without that type", "ns1.cert.example.com", 16, [] },
        {
            "a static set of two records, the first longer than 255 octets", "long.contents.test", 16,
            [$"long.contents.test. 0 IN TXT \"{Long240}\" \"{Long100}\"", "long.contents.test. 0 IN TXT \"short\""]
        },
        { "a published challenge value", "_acme-challenge.abc.cert.example.com", 16, [$"_acme-challenge.abc.cert.example.com. 0 IN TXT \"{Published}\""] },
        { "a challenge name with nothing published", "_acme-challenge.xyz.cert.example.com", 16, [] },
        { "a synthesized address", "10-1-2-3.abc.cert.example.com", 1, ["10-1-2-3.abc.cert.example.com. 0 IN A 10.1.2.3"] },
        { "a synthesized IPv6 address", "fd00--1.abc.cert.example.com", 28, ["fd00--1.abc.cert.example.com. 0 IN AAAA fd00::1"] },
        { "no AAAA set at an IPv4 name", "10-1-2-3.abc.cert.example.com", 28, [] },
        { "no CNAME set at an address name", "10-1-2-3.abc.cert.example.com", 5, [] },
        { "a synthesized alias", "www--example--com.abc.cert.example.com", 5, ["www--example--com.abc.cert.example.com. 0 IN CNAME www.example.com."] },
        { "no A set at an alias: the name holds a CNAME only", "www--example--com.abc.cert.example.com", 1, [] },
        { "no TXT set at an alias", "www--example--com.abc.cert.example.com", 16, [] },
        { "a name that is not synthesized", "www.abc.cert.example.com", 1, [] },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Each_name_holds_the_set_the_zone_serves(string scenario, string name, ushort type, string[] records)
    {
        var set = contents.Find(name, type);

        Text(name, type, set).Should().BeEquivalentTo(RecordText.FromZoneFile(records), scenario);
    }

    /// <summary>The RDATA of a set as zone-file lines: put into a response message with TTL 0 and read back by ARSoft.</summary>
    private static IReadOnlyList<string> Text(string name, ushort type, IReadOnlyList<byte[]> set)
    {
        var message = new List<byte> { 0, 0, 0x84, 0, 0, 0, (byte)(set.Count >> 8), (byte)set.Count, 0, 0, 0, 0 };
        foreach (var data in set)
        {
            message.AddRange(QueryBuilder.EncodeName(name));
            message.AddRange([(byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 0, (byte)(data.Length >> 8), (byte)data.Length, .. data]);
        }

        return RecordText.FromMessage(DnsMessage.Parse(message.ToArray()).AnswerRecords);
    }
}
