namespace WildDns.Tests.Harness;

/// <summary>Where the repository and the built <c>wilddns</c> executable are, found from the test's own output directory.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The directory holding <c>WildDns.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shipped zone files.</summary>
    public static string ZonesDirectory => Path.Combine(RepositoryRoot, "zones");

    /// <summary>
    /// The built <c>wilddns.dll</c>: the one in src/WildDns/bin of the configuration this test was built in, else the copy
    /// beside the tests (the project reference builds both).
    /// </summary>
    public static string WildDnsDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Parent?.Name ?? "Release";
            string[] candidates =
            [
                Path.Combine(RepositoryRoot, "src", "WildDns", "bin", configuration, "net10.0", "wilddns.dll"),
                Path.Combine(AppContext.BaseDirectory, "wilddns.dll"),
            ];
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"wilddns.dll is not built; looked at {string.Join(", ", candidates)}");
        }
    }

    /// <summary>The dotnet host running these tests (the test host runs under it), else "dotnet" from PATH.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WildDns.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no WildDns.sln above {AppContext.BaseDirectory}");
    }
}
