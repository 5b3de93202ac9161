using FluentAssertions;
using Microsoft.Data.Sqlite;
using Xunit;

namespace WildDns.Storage.Tests;

/// <summary>A store's SQLite file: held by one process, in WAL mode, every commit synced.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wilddns-storage-").FullName;

    [Fact]
    public void The_file_is_opened_in_wal_mode_with_full_syncs()
    {
        using var connection = SqliteFile.Open(Path.Combine(directory, "store.db"));

        Pragma(connection, "journal_mode").Should().Be("wal");
        Pragma(connection, "synchronous").Should().Be(2L, "FULL");
        Pragma(connection, "locking_mode").Should().Be("exclusive");
    }

    [Fact]
    public void A_second_opener_is_refused_as_busy_while_the_first_holds_the_file()
    {
        var path = Path.Combine(directory, "store.db");
        using var first = SqliteFile.Open(path);
        Execute(first, "CREATE TABLE t (x integer); INSERT INTO t VALUES (1);");

        var second = () => SqliteFile.Open(path);

        second.Should().Throw<SqliteException>().Which.SqliteErrorCode.Should().Be(5);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
