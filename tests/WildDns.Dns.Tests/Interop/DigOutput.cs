using System.Text.RegularExpressions;

namespace WildDns.Dns.Tests.Interop;

/// <summary>The parts of kdig's text output that the tests check: status, header flags, and records per section.</summary>
internal sealed partial record DigOutput(string Status, IReadOnlySet<string> Flags, IReadOnlyList<string> Answer, IReadOnlyList<string> Authority)
{
    public static DigOutput Parse(string output)
    {
        var status = StatusPattern().Match(output);
        var flags = FlagsPattern().Match(output);
        if (!status.Success || !flags.Success)
        {
            throw new FormatException($"kdig printed no response header:\n{output}");
        }

        return new DigOutput(
            status.Groups[1].Value,
            flags.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            Section(output, "ANSWER"),
            Section(output, "AUTHORITY"));
    }

    /// <summary>The records under ";; NAME SECTION:", whitespace collapsed, up to the next blank line.</summary>
    private static string[] Section(string output, string name) =>
        output.Split('\n')
            .SkipWhile(line => !line.StartsWith($";; {name} SECTION:", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(line => line.Trim().Length > 0)
            .Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .ToArray();

    [GeneratedRegex(@"status: (\w+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@";; Flags: ([^;]*);")]
    private static partial Regex FlagsPattern();
}
