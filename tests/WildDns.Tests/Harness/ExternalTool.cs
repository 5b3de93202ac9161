namespace WildDns.Tests.Harness;

/// <summary>Programs from the machine (pebble, lego, kdig) that end-to-end tests drive, found on PATH.</summary>
public static class ExternalTool
{
    /// <summary>True when CI runs the tests (<c>CI=true</c>): there every tool must be present, since .ci/run installs them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The full path of <paramref name="name"/>; throws naming the package to install when it is missing.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new FileNotFoundException($"'{name}' is not on PATH; .ci/run installs it (apt-get install {name})");
}
