namespace WildDns.Bench.Dns;

/// <summary>The zone files the repository ships, which the benchmarks answer from.</summary>
internal static class ShippedZones
{
    /// <summary>
    /// BenchmarkDotNet runs each benchmark from a generated project below the bench project's bin folder, so the
    /// repository is found by walking up rather than from the working directory.
    /// </summary>
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var zones = Path.Combine(directory.FullName, "zones");
            if (File.Exists(Path.Combine(directory.FullName, "WildDns.sln")) && System.IO.Directory.Exists(zones))
            {
                return zones;
            }
        }

        throw new DirectoryNotFoundException($"No WildDns checkout with a zones directory above {AppContext.BaseDirectory}.");
    }
}
