using System.Diagnostics;
using System.Text;

namespace WildDns.Dns.Tests.Interop;

/// <summary>Finds and runs the DNS tools that CI installs (.ci/run): unbound, kdig.</summary>
internal static class ExternalTool
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

    /// <summary>The tool's path, or an exception that says which package installs it.</summary>
    public static string Require(string name, string package) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' is not installed; the Debian package {package} provides it (.ci/run installs it).");

    /// <summary>Runs a tool to completion within <paramref name="timeout"/> and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string path, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{path} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
