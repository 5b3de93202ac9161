using Xunit;

namespace WildDns.Tests.Harness;

/// <summary>
/// A fact that needs programs from the machine. Where one is missing the test is skipped with a message naming it, except
/// under CI (<c>CI=true</c>), where it runs and fails: .ci/run installs them, so a missing one there is a defect.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = ExternalTool.SkipReason([.. tools.Select(tool => (tool, tool))]);
    }

    /// <summary>The programs the test needs, as given.</summary>
    public IReadOnlyList<string> Tools { get; }
}
