using FluentAssertions;
using WildDns.Dns.Tests.Zones;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>The README shows the answer table the integration tests run; this keeps the two copies one.</summary>
public sealed class ReadmeTableTests
{
    private const string Begin = "<!-- answer-table:begin -->";
    private const string End = "<!-- answer-table:end -->";

    [Fact]
    public void ReadmeTable_IsTheTableTheTestsRun()
    {
        var readme = File.ReadAllText(Path.Combine(ShippedZones.RepositoryRoot, "README.md"));
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "README.md marks its answer table");
        end.Should().BeGreaterThan(start);

        var readmeRows = Rows(readme[(start + Begin.Length)..end]);
        var testRows = Rows(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Answers", AnswerTable.FileName)));
        readmeRows.Should().Equal(testRows);
    }

    private static string[] Rows(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith('|')).ToArray();
}
