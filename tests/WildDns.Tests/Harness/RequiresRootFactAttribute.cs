using Xunit;

namespace WildDns.Tests.Harness;

/// <summary>
/// A fact that needs root: mounting a read-only filesystem, giving a directory to another user. Skipped with a message for
/// other users, except under CI (<c>CI=true</c>), where .ci/run runs as root and a skip would hide a missing check.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute(string why)
    {
        Skip = Environment.IsPrivilegedProcess || Environment.GetEnvironmentVariable("CI") == "true" ? null : $"needs root to {why}";
    }
}
