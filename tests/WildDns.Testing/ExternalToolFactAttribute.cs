using Xunit;

namespace WildDns.Testing;

/// <summary>
/// A fact that needs one installed program: skipped with a message naming its Debian package where it is missing,
/// except under CI, where it runs and fails (see <see cref="ExternalTool.SkipReason"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExternalToolFactAttribute : FactAttribute
{
    public ExternalToolFactAttribute(string tool, string package)
    {
        Skip = ExternalTool.SkipReason((tool, package));
    }
}
