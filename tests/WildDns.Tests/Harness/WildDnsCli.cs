using WildDns.Testing;

namespace WildDns.Tests.Harness;

/// <summary>Runs the built <c>wilddns</c> executable once, as a user would: <c>dotnet wilddns.dll &lt;args&gt;</c>, to its end.</summary>
public static class WildDnsCli
{
    /// <summary>How long one run may take; the verbs that reach a server bound their own calls well below it.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="args"/> in <paramref name="workingDirectory"/> (default: a fresh empty one, so that no
    /// appsettings.json is read) with <paramref name="environment"/> added.
    /// </summary>
    public static async Task<ChildProcess> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("wilddns-cli-").FullName;
        try
        {
            return await ChildProcess.RunAsync(
                RepositoryLayout.DotnetHost, [RepositoryLayout.WildDnsDll, .. args], RunTimeout, environment, directory).ConfigureAwait(false);
        }
        finally
        {
            if (workingDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
