using Xunit;

namespace WildDns.Testing;

/// <summary>One throwaway PostgreSQL cluster for a test class; each test takes a database of its own from it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? cluster;

    public PostgresCluster Cluster => cluster ?? throw new InvalidOperationException("PostgreSQL is not installed");

    public async Task InitializeAsync()
    {
        if (PostgresCluster.SkipReason is null)
        {
            cluster = await PostgresCluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database; returns the superuser's connection string to it.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"t{Guid.NewGuid():N}";
        await Cluster.SqlAsync($"CREATE DATABASE {name};");
        return Cluster.ConnectionString(Cluster.Superuser, name);
    }
}
