using System.Text.Json;
using FluentAssertions;
using WildDns.Enrollment.Dicom;
using Xunit;

namespace WildDns.Enrollment.Tests.Dicom;

public sealed class DicomNodeTests
{
    private static readonly DicomNode Node = new(
        "PACS_MAIN", "192-168-2-1.c7k2m4q9x3b5t.cert.example.com", 2762, "/var/lib/device/cert.pem", "/var/lib/device/key.pem", "/var/lib/device/ca.pem");

    [Theory]
    [InlineData("plain", "STORESCP", null)]
    [InlineData("sixteen characters", "ABCDEFGHIJKLMNOP", null)]
    [InlineData("trailing spaces do not count", "PACS   ", null)]
    [InlineData("seventeen characters", "ABCDEFGHIJKLMNOPQ", "at most 16")]
    [InlineData("spaces only", "   ", "at least one")]
    [InlineData("a backslash", "PACS\\1", "backslash")]
    [InlineData("a control character", "PACS\t1", "backslash")]
    [InlineData("beyond ASCII", "PACSÜ", "backslash")]
    public void CheckAeTitle_FollowsTheAeValueRepresentation(string scenario, string title, string? expected)
    {
        var problem = DicomNode.CheckAeTitle(title);

        if (expected is null)
        {
            problem.Should().BeNull();
        }
        else
        {
            problem.Should().Contain(expected);
        }
    }

    [Fact]
    public void ToDcmtkEntry_WritesTheHostTableLine_AndTheTlsSwitches()
    {
        var entry = Node.ToDcmtkEntry();

        entry.Should().Contain("HostTable BEGIN\npacs_main = (PACS_MAIN, 192-168-2-1.c7k2m4q9x3b5t.cert.example.com, 2762)\nHostTable END\n");
        entry.Should().Contain("+tls /var/lib/device/key.pem /var/lib/device/cert.pem");
        entry.Should().Contain("--call PACS_MAIN 192-168-2-1.c7k2m4q9x3b5t.cert.example.com 2762");
    }

    [Fact]
    public void ToJson_HoldsEveryField()
    {
        using var json = JsonDocument.Parse(Node.ToJson());
        var root = json.RootElement;

        root.GetProperty("ae_title").GetString().Should().Be("PACS_MAIN");
        root.GetProperty("host").GetString().Should().Be(Node.Host);
        root.GetProperty("port").GetInt32().Should().Be(2762);
        root.GetProperty("tls").GetBoolean().Should().BeTrue();
        root.GetProperty("certificate").GetString().Should().Be(Node.CertificatePath);
        root.GetProperty("key").GetString().Should().Be(Node.KeyPath);
        root.GetProperty("ca").GetString().Should().Be(Node.CaPath);
    }
}
