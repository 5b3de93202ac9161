using System.Globalization;
using Npgsql;
using WildDns.Control.Challenges;
using static WildDns.Storage.PostgresCommand;

namespace WildDns.Control.Replicas;

/// <summary>
/// The challenge values in PostgreSQL, shared by every replica (SPEC §6). Each change runs in one transaction that first
/// locks the single row of <c>wilddns_challenge_serial</c>: changes from all replicas take turns there, each takes the
/// next serial, and they commit in serial order, so a snapshot that shows serial N holds every change up to N and no
/// later one. The same transaction announces the serial on <see cref="Channel"/>; the notification is delivered at commit.
/// </summary>
/// <remarks>
/// A plain sequence would number changes without ordering their commits: change 8 could be visible before change 7, and a
/// replica that loaded it would report serving 8 while missing 7. The row lock costs one round trip and serialises only
/// writers, which the control path can afford; DNS answers never read the database.
/// </remarks>
public sealed class PostgresChallengeArchive : ISharedChallengeArchive
{
    /// <summary>The channel on which every change announces its serial.</summary>
    public const string Channel = "wilddns_challenges";

    private readonly PostgresStore store;
    private readonly ReplicaRegistry replicas;

    /// <summary>Creates or migrates the tables (<see cref="PostgresSchema"/>); throws when the database cannot be reached.</summary>
    public PostgresChallengeArchive(PostgresStore store, ReplicaRegistry replicas)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(replicas);
        this.store = store;
        this.replicas = replicas;
        try
        {
            store.Run(PostgresSchema.Migrate);
        }
        catch (Core.Challenges.ChallengeStoreUnavailableException exception)
        {
            throw new InvalidOperationException(
                $"Cannot open the challenge store ({StoreOptions.ConnectionStringKey}): {exception.Message}. Check that PostgreSQL runs and the role may log in.",
                exception);
        }
    }

    /// <inheritdoc />
    public string? Unavailable => store.Unavailable;

    /// <inheritdoc />
    /// <remarks>One statement, so one snapshot: the serial and the values it covers.</remarks>
    public ChallengeArchiveContents Load() => store.Run(connection =>
    {
        using var command = Create(
            connection,
            null,
            """
            SELECT s.serial, c.name, c.value, c.expires_at
            FROM wilddns_challenge_serial s LEFT JOIN wilddns_challenges c ON true
            ORDER BY c.ordinal;
            """);
        using var reader = command.ExecuteReader();
        var challenges = new List<PublishedChallenge>();
        long serial = 0;
        while (reader.Read())
        {
            serial = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                challenges.Add(new(reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)));
            }
        }

        return new ChallengeArchiveContents(challenges, serial);
    });

    /// <inheritdoc />
    public SharedChange Publish(PublishedChallenge challenge, int maxValuesPerName) => Change((connection, transaction, next) =>
    {
        var expiresAt = challenge.ExpiresAt.UtcDateTime;
        var refreshed = Execute(
            connection,
            transaction,
            "UPDATE wilddns_challenges SET expires_at = $3 WHERE name = $1 AND value = $2;",
            challenge.Name,
            challenge.Value,
            expiresAt);
        if (refreshed == 1)
        {
            // A new serial for a refresh too: every replica must learn the new expiry, or it drops the value on the old one.
            return new(true, next, 1, PublishOutcome.Refreshed);
        }

        var held = Scalar(
            connection,
            transaction,
            "SELECT count(*) FROM wilddns_challenges WHERE name = $1 AND expires_at > now();",
            challenge.Name) is long count ? count : 0;
        if (held >= maxValuesPerName)
        {
            return new(false, 0, 0, PublishOutcome.NameFull);
        }

        Execute(
            connection,
            transaction,
            "INSERT INTO wilddns_challenges (name, value, expires_at, ordinal) VALUES ($1, $2, $3, $4);",
            challenge.Name,
            challenge.Value,
            expiresAt,
            next);
        return new(true, next, 1, PublishOutcome.Added);
    });

    /// <inheritdoc />
    public SharedChange Remove(string name, string value) => Removal("DELETE FROM wilddns_challenges WHERE name = $1 AND value = $2;", name, value);

    /// <inheritdoc />
    public SharedChange RemoveAll(string name) => Removal("DELETE FROM wilddns_challenges WHERE name = $1;", name);

    /// <inheritdoc />
    public SharedChange RemoveExpired(DateTimeOffset now) => Removal("DELETE FROM wilddns_challenges WHERE expires_at <= $1;", now.UtcDateTime);

    /// <inheritdoc />
    public void AwaitReplicas(long serial) => replicas.AwaitServed(serial);

    void IChallengeArchive.Save(PublishedChallenge challenge, long serial) => throw RecordOnly();

    void IChallengeArchive.Delete(string name, string value, long serial) => throw RecordOnly();

    void IChallengeArchive.DeleteAll(string name, long serial) => throw RecordOnly();

    void IChallengeArchive.DeleteExpired(DateTimeOffset now, long serial) => throw RecordOnly();

    /// <summary>The pool belongs to <see cref="PostgresStore"/>, which the host disposes.</summary>
    public void Dispose()
    {
    }

    private static NotSupportedException RecordOnly() =>
        new("A shared archive decides its changes itself; ChallengeStore calls ISharedChallengeArchive's methods on it.");

    private SharedChange Removal(string sql, params object[] parameters) => Change((connection, transaction, next) =>
    {
        var removed = Execute(connection, transaction, sql, parameters);
        return new(removed > 0, next, removed);
    });

    /// <summary>
    /// Runs <paramref name="change"/> under the serial lock with the serial it would take; when it reports a change, the
    /// serial is taken and announced, and all of it commits together. Otherwise nothing is written.
    /// </summary>
    private SharedChange Change(Func<NpgsqlConnection, NpgsqlTransaction, long, SharedChange> change) => store.Run(connection =>
    {
        using var transaction = connection.BeginTransaction();
        var current = (long)Scalar(connection, transaction, "SELECT serial FROM wilddns_challenge_serial FOR UPDATE;")!;
        var result = change(connection, transaction, current + 1);
        if (!result.Changed)
        {
            transaction.Rollback();
            return result with { Serial = current };
        }

        Execute(connection, transaction, "UPDATE wilddns_challenge_serial SET serial = $1;", result.Serial);
        Execute(connection, transaction, "SELECT pg_notify($1, $2);", Channel, result.Serial.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
        return result;
    });
}
