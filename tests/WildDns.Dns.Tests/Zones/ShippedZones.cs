using WildDns.Core.Synthesis;
using WildDns.Dns.Zones;

namespace WildDns.Dns.Tests.Zones;

/// <summary>The zone files the repository ships, so that the tests serve exactly what users get.</summary>
internal static class ShippedZones
{
    /// <summary>The folder holding WildDns.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "zones");

    /// <summary>The shipped zones with default naming rules, plus any test zones given as (origin, master file text).</summary>
    public static ZoneCatalog Load(params (string Origin, string Text)[] extraZones)
    {
        var files = System.IO.Directory.GetFiles(Directory, "*" + ZoneFileLoader.Extension)
            .Select(file => (Path.GetFileName(file)[..^ZoneFileLoader.Extension.Length], File.ReadAllText(file), file));
        var extra = extraZones.Select(zone => (zone.Origin, zone.Text, $"test zone {zone.Origin}"));
        return ZoneFileLoader.Load(files.Concat(extra), origin => new ZonePolicy(origin));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WildDns.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no WildDns.sln above {AppContext.BaseDirectory}");
    }
}
