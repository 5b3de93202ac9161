using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WildDns.Storage;

namespace WildDns.Control.Challenges;

/// <summary>
/// The embedded archive: one SQLite file, <c>challenges.db</c>, in the data directory.
/// </summary>
/// <remarks>
/// Why SQLite rather than an append-only journal of our own: a committed transaction in WAL mode with
/// <c>synchronous=FULL</c> is fsync'd before the commit returns, so nothing is lost on a crash after a publish returned;
/// SQLite also detects a torn last write, compacts (checkpoints) the log on its own and lets an operator inspect the
/// state with the sqlite3 shell. A journal would need all three written and tested here. The cost, one WAL fsync per
/// change, is paid on the control path only; the DNS answer path reads <see cref="ChallengeStore"/>'s memory.
/// <c>locking_mode=EXCLUSIVE</c> keeps a second server process off the same file, since each would hold its own
/// in-memory copy and answer differently. Not thread-safe by itself: <see cref="ChallengeStore"/> calls it under its lock.
/// </remarks>
public sealed class SqliteChallengeArchive : IChallengeArchive
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "challenges.db";

    private const int SchemaVersion = 1;

    private readonly SqliteConnection connection;

    /// <summary>
    /// Opens or creates <c>challenges.db</c> in <paramref name="dataDirectory"/>, creating the directory (owner-only) if needed.
    /// Checks before trusting it: the directory's owner and mode, the write-ahead log's checksums (a damaged log is copied
    /// aside and reported, since SQLite would drop its changes silently) and the database's pages (<c>PRAGMA quick_check</c>).
    /// Throws <see cref="InvalidOperationException"/> with one line saying what is wrong when the server cannot go on.
    /// </summary>
    public SqliteChallengeArchive(string dataDirectory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        logger ??= NullLogger.Instance;
        DataDirectory.Create(dataDirectory);
        foreach (var problem in DataDirectory.FindUnsafeAccess(dataDirectory))
        {
            logger.LogWarning("{Problem}", problem);
        }

        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        KeepDamagedLog(logger);
        SqliteConnection? opened = null;
        try
        {
            connection = opened = SqliteFile.Open(Path);
            CheckPages();
            Migrate();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            opened?.Dispose();
            throw exception switch
            {
                SqliteException { SqliteErrorCode: 5 } => new InvalidOperationException(
                    $"The challenge database {Path} is in use by another WildDns process; give each server its own WildDns:DataDirectory.", exception),
                SqliteException { SqliteErrorCode: 11 or 26 } => Damaged(exception.Message, exception),
                SqliteException => new InvalidOperationException($"Cannot open the challenge database {Path}: {OneLine(exception.Message)}", exception),
                _ => exception,
            };
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ChallengeArchiveContents Load()
    {
        try
        {
            return Read();
        }
        catch (SqliteException exception)
        {
            throw exception.SqliteErrorCode is 11 or 26
                ? Damaged(exception.Message, exception)
                : new InvalidOperationException($"Cannot read the challenge database {Path}: {OneLine(exception.Message)}", exception);
        }
    }

    private ChallengeArchiveContents Read()
    {
        var challenges = new List<PublishedChallenge>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, value, expires_at FROM challenges ORDER BY ordinal;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                challenges.Add(new(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
            }
        }

        using var serialCommand = connection.CreateCommand();
        serialCommand.CommandText = "SELECT value FROM meta WHERE key = 'serial';";
        var serial = serialCommand.ExecuteScalar() is long stored ? stored : 0;
        return new(challenges, serial);
    }

    /// <inheritdoc />
    public void Save(PublishedChallenge challenge, long serial) =>
        Change(
            """
            INSERT INTO challenges (name, value, expires_at, ordinal) VALUES ($name, $value, $expires_at, $serial)
            ON CONFLICT (name, value) DO UPDATE SET expires_at = excluded.expires_at;
            """,
            serial,
            ("$name", challenge.Name),
            ("$value", challenge.Value),
            ("$expires_at", challenge.ExpiresAt.ToUnixTimeMilliseconds()));

    /// <inheritdoc />
    public void Delete(string name, string value, long serial) =>
        Change("DELETE FROM challenges WHERE name = $name AND value = $value;", serial, ("$name", name), ("$value", value));

    /// <inheritdoc />
    public void DeleteAll(string name, long serial) =>
        Change("DELETE FROM challenges WHERE name = $name;", serial, ("$name", name));

    /// <inheritdoc />
    public void DeleteExpired(DateTimeOffset now, long serial) =>
        Change("DELETE FROM challenges WHERE expires_at <= $now;", serial, ("$now", now.ToUnixTimeMilliseconds()));

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();

    /// <summary>Runs one statement and records the serial in the same transaction, so both are durable or neither is.</summary>
    private void Change(string sql, long serial, params (string Name, object Value)[] parameters)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            if (sql.Contains("$serial", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("$serial", serial);
            }

            command.ExecuteNonQuery();
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO meta (key, value) VALUES ('serial', $serial) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            command.Parameters.AddWithValue("$serial", serial);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>
    /// SQLite replays a write-ahead log only up to its first bad frame and drops the rest without a word; say so, and keep a
    /// copy of the log beside the database for whoever wants to recover from it, before SQLite checkpoints and removes it.
    /// </summary>
    private void KeepDamagedLog(ILogger logger)
    {
        var log = Path + "-wal";
        string? damage;
        try
        {
            damage = WriteAheadLogCheck.FindDamage(log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot read the challenge database's write-ahead log {log}: {e.Message}", e);
        }

        if (damage is null)
        {
            return;
        }

        var copy = $"{log}.damaged-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        File.Copy(log, copy, overwrite: true);
        logger.LogWarning(
            "The challenge database's write-ahead log {Log} is damaged: {Damage}. Challenge values published before the last stop may be missing "
            + "from what is loaded now; a copy of the log is kept as {Copy}",
            log, damage, copy);
    }

    /// <summary>Reads every page's structure once at start, so that a damaged file stops the start instead of a later publish.</summary>
    private void CheckPages()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5);";
        var findings = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                findings.Add(reader.GetString(0));
            }
        }

        if (findings is not ["ok"])
        {
            throw Damaged("PRAGMA quick_check found " + string.Join("; ", findings), null);
        }
    }

    private InvalidOperationException Damaged(string finding, Exception? inner) => new(
        $"The challenge database {Path} is damaged ({OneLine(finding)}). Restore it from a backup, or move it aside to start with no published "
        + "challenge values (clients publish theirs again on their next order).",
        inner);

    private void Migrate()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The challenge database {Path} was written by a newer WildDns (schema {version}); this one reads schema {SchemaVersion}.");
        }

        if (version == SchemaVersion)
        {
            return;
        }

        // ordinal keeps publishing order across restarts: SPEC §3 answers values in the order they were published.
        Execute(
            $"""
            BEGIN;
            CREATE TABLE challenges (
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                PRIMARY KEY (name, value)
            ) WITHOUT ROWID;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            PRAGMA user_version = {SchemaVersion};
            COMMIT;
            """);
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
