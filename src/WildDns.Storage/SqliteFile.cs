using Microsoft.Data.Sqlite;

namespace WildDns.Storage;

/// <summary>Opens a SQLite database file the way every WildDns store keeps one: one process at a time, durable on every commit.</summary>
public static class SqliteFile
{
    /// <summary>
    /// Opens or creates <paramref name="path"/>, locked to this process and in WAL mode with full syncs. Throws
    /// <see cref="SqliteException"/> when it cannot (error 5, busy, when another process holds it); the caller says what
    /// the file is.
    /// </summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString());
        try
        {
            connection.Open();

            // EXCLUSIVE before the first WAL access, so SQLite needs no shared-memory index and other processes stay out.
            foreach (var pragma in new[] { "PRAGMA locking_mode = EXCLUSIVE;", "PRAGMA journal_mode = WAL;", "PRAGMA synchronous = FULL;" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = pragma;
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
