using FluentAssertions;
using Xunit;

namespace WildDns.Dns.Tests.Zones;

/// <summary>The catalog knows every zone-file name and the names above them, which may not carry challenge values.</summary>
public sealed class StaticNamesTests
{
    private const string LabZone = """
        $ORIGIN lab.example.
        @ 3600 IN SOA ns1.lab.example. hostmaster.lab.example. 1 7200 900 1209600 60
        @ 3600 IN NS ns1.lab.example.
        ns1 3600 IN A 192.0.2.53
        www.printers 3600 IN A 192.0.2.80
        """;

    [Theory]
    [InlineData("a nameserver of the shipped zone", "ns1.cert.example.com", true)]
    [InlineData("a name of a test zone", "www.printers.lab.example", true)]
    [InlineData("a name above one of a test zone", "printers.lab.example", true)]
    [InlineData("a name below a zone-file name", "x.ns1.cert.example.com", false)]
    [InlineData("a synthesized scope", "abc.cert.example.com", false)]
    public void IsAtOrAboveStaticName_SaysWhetherTheZoneFilesHoldTheNameOrOneBelowIt(string scenario, string name, bool expected)
    {
        var catalog = ShippedZones.Load(("lab.example", LabZone));

        catalog.IsAtOrAboveStaticName(name).Should().Be(expected, scenario);
    }
}
