using Xunit;

namespace WildDns.Testing;

/// <summary>A fact that needs PostgreSQL: skipped with the reason where it is not installed, except under CI, where it fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresCluster.SkipReason;
}
