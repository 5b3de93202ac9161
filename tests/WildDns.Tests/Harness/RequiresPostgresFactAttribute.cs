using Xunit;

namespace WildDns.Tests.Harness;

/// <summary>
/// A fact that needs a PostgreSQL server (see <see cref="PostgresCluster"/>) and, optionally, other programs; skipped with a
/// message naming what is missing, except under CI (<c>CI=true</c>), where .ci/run installs them and a missing one fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresPostgresFactAttribute : FactAttribute
{
    public RequiresPostgresFactAttribute(params string[] tools)
    {
        Skip = PostgresCluster.SkipReason ?? ExternalTool.SkipReason([.. tools.Select(tool => (tool, tool))]);
    }
}
