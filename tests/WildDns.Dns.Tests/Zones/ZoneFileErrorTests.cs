using FluentAssertions;
using WildDns.Core.Synthesis;
using WildDns.Dns.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Zones;

/// <summary>A broken zone file is refused with its file, the line the problem is on, and the problem.</summary>
public sealed class ZoneFileErrorTests
{
    private const string Head = """
        $TTL 3600
        ; the apex
        @   IN SOA ns1.cert.example.com. hostmaster.example.com. (
                1 7200 900 1209600
                60 )
        @   IN NS  ns1.cert.example.com.
        ns1 IN A   192.0.2.53

        """;

    [Theory]
    [InlineData("address out of range", "www IN A 192.0.2.300", "test.zone:9: ", "'www IN A 192.0.2.300'")]
    [InlineData("unknown type", "www IN BOGUS 1", "test.zone:9: ", "'www IN BOGUS 1'")]
    [InlineData("record without data", "www IN A", "test.zone:9: ", "'www IN A'")]
    [InlineData("owner outside the zone", "www.example.org. IN A 192.0.2.1", "test.zone:9: ", "outside the zone cert.example.com")]
    public void The_message_names_the_file_the_line_and_the_problem(string scenario, string badLine, string location, string problem)
    {
        var text = Head + "; fine so far\n" + badLine + "\nlater IN A 192.0.2.2\n";

        var load = () => Load(text);

        load.Should().Throw<InvalidDataException>(scenario).Which.Message.Should().StartWith(location).And.Contain(problem);
    }

    [Fact]
    public void A_record_in_parentheses_is_named_by_its_first_and_last_line()
    {
        var text = Head.Replace("1 7200 900 1209600", "x 7200 900 1209600", StringComparison.Ordinal);

        var load = () => Load(text);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith("test.zone:3-5: ").And.Contain("IN SOA");
    }

    private static ZoneCatalog Load(string text) =>
        ZoneFileLoader.Load([("cert.example.com", text, "test.zone")], origin => new ZonePolicy(origin));
}
