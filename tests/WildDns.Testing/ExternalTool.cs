namespace WildDns.Testing;

/// <summary>Finds the programs that CI installs (.ci/run) for the tests: unbound, named, dnsmasq, kdig, pebble, lego, certbot, prometheus, curl.</summary>
public static class ExternalTool
{
    /// <summary>Set by CI (.ci/run runs with CI=true); there a missing tool fails the test instead of skipping it.</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The tool's full path from PATH or the sbin folders (unbound lives in /usr/sbin); null when absent.</summary>
    public static string? Find(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>The tool's path, or an exception that says which Debian package installs it (by default, one of its name).</summary>
    public static string Require(string name, string? package = null) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' is not installed; the Debian package {package ?? name} provides it (.ci/run installs it).");

    /// <summary>
    /// Why a test that needs <paramref name="tools"/> (each with the Debian package that installs it) is skipped, or null
    /// when it runs: it does whenever they are all installed, and always under CI, where a missing one is a defect.
    /// </summary>
    public static string? SkipReason(params (string Tool, string Package)[] tools)
    {
        var missing = tools.Where(tool => Find(tool.Tool) is null).ToArray();
        return missing.Length == 0 || IsCi
            ? null
            : $"needs {string.Join(" and ", missing.Select(tool => $"'{tool.Tool}'"))} (apt-get install {string.Join(' ', missing.Select(tool => tool.Package).Distinct())}); "
              + "CI installs it through .ci/run and runs this test";
    }
}
