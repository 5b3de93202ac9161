using FluentAssertions;
using WildDns.Core.Synthesis;
using WildDns.Dns.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Zones;

/// <summary>
/// The file name sets the zone (<c>&lt;origin&gt;.zone</c>); <c>$ORIGIN</c> may move relative names within that zone,
/// and one that names another zone is refused with its line and the file name to use (issue 15).
/// </summary>
public sealed class ZoneFileLoaderTests : IDisposable
{
    private const string Records = """
        $TTL 300
        @    IN SOA ns1.cert.example.com. hostmaster.example.com. 1 7200 900 1209600 60
        @    IN NS  ns1.cert.example.com.
        ns1  IN A   192.0.2.53
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("wilddns-zone-files-").FullName;

    [Theory]
    [InlineData("no $ORIGIN: the file name is the origin", "cert.example.com.zone", "")]
    [InlineData("$ORIGIN equal to the file name", "cert.example.com.zone", "$ORIGIN cert.example.com.\n")]
    [InlineData("$ORIGIN in upper case, equal to the file name", "cert.example.com.zone", "$origin CERT.Example.COM.\n")]
    public void A_file_whose_ORIGIN_agrees_with_its_name_loads(string scenario, string fileName, string directive)
    {
        File.WriteAllText(Path.Combine(directory, fileName), directive + Records);

        var catalog = ZoneFileLoader.LoadDirectory(directory, origin => new ZonePolicy(origin));

        catalog.Summaries.Should().Equal([new ZoneSummary("cert.example.com", 3)], scenario);
    }

    [Fact]
    public void An_ORIGIN_below_the_zone_moves_the_relative_names_that_follow()
    {
        File.WriteAllText(Path.Combine(directory, "cert.example.com.zone"), Records + "\n$ORIGIN lab.cert.example.com.\nwww IN A 10.0.0.1\n$ORIGIN extra\nhost IN A 10.0.0.2\n");

        var catalog = ZoneFileLoader.LoadDirectory(directory, origin => new ZonePolicy(origin));

        catalog.FindStatic("www.lab.cert.example.com").Should().NotBeNull();
        catalog.FindStatic("host.extra.lab.cert.example.com").Should().NotBeNull();
    }

    [Theory]
    [InlineData("a file named my.zone for cert.example.com", "my.zone", "$ORIGIN cert.example.com.\n", 1, "cert.example.com")]
    [InlineData("an $ORIGIN for the parent zone further down", "cert.example.com.zone", "; comment\n\n$ORIGIN example.com.\n", 3, "example.com")]
    public void An_ORIGIN_outside_the_zone_the_file_name_sets_is_refused_with_its_line_and_the_right_file_name(
        string scenario, string fileName, string directive, int line, string namedZone)
    {
        File.WriteAllText(Path.Combine(directory, fileName), directive + Records);

        var load = () => ZoneFileLoader.LoadDirectory(directory, origin => new ZonePolicy(origin));

        load.Should().Throw<InvalidDataException>(scenario)
            .WithMessage($"*{fileName}:{line}: $ORIGIN {namedZone}. is outside the zone *, which the file name sets; a file for the zone {namedZone} must be named {namedZone}.zone.");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
