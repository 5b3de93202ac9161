using FluentAssertions;
using Npgsql;
using WildDns.Testing;
using Xunit;

namespace WildDns.Storage.Tests;

/// <summary>Schema migrations against a real PostgreSQL: each step once, per part, several processes at once, and never backwards.</summary>
public sealed class SchemaMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly SchemaMigration Fruit = new("fruit", "the fruit tables", "this orchard", [
        "CREATE TABLE fruit (name text PRIMARY KEY);",
        "ALTER TABLE fruit ADD COLUMN colour text; INSERT INTO fruit VALUES ('apple', 'red');",
    ]);

    private static readonly SchemaMigration FruitOne = new("fruit", "the fruit tables", "this orchard", ["CREATE TABLE fruit (name text PRIMARY KEY);"]);

    private static readonly SchemaMigration Nuts = new("nuts", "the nut tables", "this grove", ["CREATE TABLE nuts (name text PRIMARY KEY);"]);

    [PostgresFact]
    public async Task Each_step_runs_once_in_order_and_the_version_is_kept_per_part()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var connection = await OpenAsync(database);

        FruitOne.Migrate(connection).Should().Be(0);
        Fruit.Migrate(connection).Should().Be(1, "the first step had run already");
        Fruit.Migrate(connection).Should().Be(2);
        Nuts.Migrate(connection).Should().Be(0, "another part keeps its own row");

        Scalar(connection, "SELECT count(*) FROM fruit;").Should().Be(1L, "the second step ran once");
        Scalar(connection, "SELECT string_agg(component || '=' || version, ',' ORDER BY component) FROM wilddns_schema;").Should().Be("fruit=2,nuts=1");
    }

    [PostgresFact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_naming_what_to_upgrade()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var connection = await OpenAsync(database);
        Fruit.Migrate(connection);

        var older = () => FruitOne.Migrate(connection);

        older.Should().Throw<InvalidOperationException>()
            .WithMessage("The fruit tables were migrated by a newer WildDns (schema 2); this orchard reads schema 1. Upgrade this orchard.");
    }

    [PostgresFact]
    public async Task Processes_starting_together_migrate_once_between_them()
    {
        var database = await postgres.NewDatabaseAsync();

        var found = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync(database);
            return Fruit.Migrate(connection);
        })));

        found.Should().ContainSingle(version => version == 0, "one process migrated; the others found its work done, or waited for it");
        await using var check = await OpenAsync(database);
        Scalar(check, "SELECT count(*) FROM fruit;").Should().Be(1L);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
