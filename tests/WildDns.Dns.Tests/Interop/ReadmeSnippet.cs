using System.Globalization;
using System.Net;
using WildDns.Dns.Tests.Zones;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// The resolver configuration the README prints, read from README.md so that the tests run exactly what users copy:
/// the fenced block after a <c>&lt;!-- resolver:NAME --&gt;</c> marker, with the README's WildDns address (127.0.0.1,
/// port 5353) moved to the test server's.
/// </summary>
internal static class ReadmeSnippet
{
    private const string ReadmeAddress = "127.0.0.1";
    private const string ReadmePort = "5353";

    public static string Read(string name, IPEndPoint server)
    {
        var readme = File.ReadAllText(Path.Combine(ShippedZones.RepositoryRoot, "README.md"));
        var marker = $"<!-- resolver:{name} -->";
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidDataException($"README.md has no '{marker}'.");
        }

        var open = readme.IndexOf("```", at, StringComparison.Ordinal);
        var start = readme.IndexOf('\n', open) + 1;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var snippet = readme[start..end];
        var address = server.Address.ToString();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var moved = snippet
            .Replace($"{ReadmeAddress}@{ReadmePort}", $"{address}@{port}", StringComparison.Ordinal)
            .Replace($"{ReadmeAddress} port {ReadmePort}", $"{address} port {port}", StringComparison.Ordinal)
            .Replace($"{ReadmeAddress}#{ReadmePort}", $"{address}#{port}", StringComparison.Ordinal);
        if (snippet.Contains(ReadmePort, StringComparison.Ordinal) && moved == snippet)
        {
            throw new InvalidDataException($"README.md's '{name}' snippet names port {ReadmePort} in a form the tests do not know.");
        }

        return moved;
    }

    /// <summary>The snippet for another zone too (the tests' alias target zone), as an operator would repeat it.</summary>
    public static string ForZone(string snippet, string zone) => snippet.Replace("cert.example.com", zone, StringComparison.Ordinal);
}
