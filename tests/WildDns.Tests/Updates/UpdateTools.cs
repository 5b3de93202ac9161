using System.Globalization;
using WildDns.Tests.Harness;

namespace WildDns.Tests.Updates;

/// <summary>Runs BIND's <c>nsupdate</c>, Knot's <c>knsupdate</c> and <c>kdig</c> against loopback, each within 30 s.</summary>
internal static class UpdateTools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary><c>nsupdate [keyArguments] script</c>: <c>server 127.0.0.1 port</c> goes first, then the <paramref name="lines"/>, then <c>send</c>.</summary>
    public static Task<ChildProcess> NsupdateAsync(int port, IEnumerable<string> keyArguments, params string[] lines) =>
        RunScriptAsync("nsupdate", port, keyArguments, lines);

    public static Task<ChildProcess> KnsupdateAsync(int port, IEnumerable<string> keyArguments, params string[] lines) =>
        RunScriptAsync("knsupdate", port, keyArguments, lines);

    public static Task<ChildProcess> KdigAsync(int port, params string[] arguments) =>
        ChildProcess.RunAsync(ExternalTool.Require("kdig"), ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. arguments], Timeout);

    private static async Task<ChildProcess> RunScriptAsync(string tool, int port, IEnumerable<string> keyArguments, string[] lines)
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("wilddns-nsupdate-").FullName, "script.txt");
        string[] all = [$"server 127.0.0.1 {port.ToString(CultureInfo.InvariantCulture)}", .. lines, "send", string.Empty];
        await File.WriteAllTextAsync(script, string.Join('\n', all));
        try
        {
            return await ChildProcess.RunAsync(ExternalTool.Require(tool), [.. keyArguments, script], Timeout);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }
    }
}
