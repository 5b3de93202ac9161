using Xunit;

namespace WildDns.Testing;

/// <summary>
/// A fact that needs installed programs, each from the Debian package of its own name (curl, openssl): skipped with a
/// message naming them where one is missing, except under CI, where it runs and fails (see <see cref="ExternalTool.SkipReason"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExternalToolFactAttribute : FactAttribute
{
    public ExternalToolFactAttribute(params string[] tools)
    {
        Skip = ExternalTool.SkipReason([.. tools.Select(tool => (tool, tool))]);
    }
}
