using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using WildDns.Core.Challenges;

namespace WildDns.Control.Replicas;

/// <summary>
/// The PostgreSQL database that replicas share: its connections, whether it can be reached, and the one error that
/// says it cannot (<see cref="ChallengeStoreUnavailableException"/>). Safe to use from many threads.
/// </summary>
public sealed class PostgresStore : IDisposable
{
    // Unless the connection string says otherwise: an unreachable database should fail a publish in seconds, not the
    // 15 s and 30 s Npgsql waits by default, so that the caller hears "unavailable" before its own deadline.
    private const int ConnectTimeoutSeconds = 5;
    private const int CommandTimeoutSeconds = 10;

    private readonly ILogger logger;
    private string? unavailable;

    public PostgresStore(StoreOptions options, string replicaId, ILogger<PostgresStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!connection.ContainsKey("Timeout"))
        {
            connection.Timeout = ConnectTimeoutSeconds;
        }

        if (!connection.ContainsKey("Command Timeout"))
        {
            connection.CommandTimeout = CommandTimeoutSeconds;
        }

        connection.ApplicationName ??= $"wilddns {replicaId}";
        Endpoint = $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}";
        DataSource = NpgsqlDataSource.Create(connection);
    }

    /// <summary>Host, port and database, for messages: never the password.</summary>
    public string Endpoint { get; }

    /// <summary>The connection pool.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Null while the last attempt reached the database; otherwise why it did not.</summary>
    public string? Unavailable => Volatile.Read(ref unavailable);

    /// <summary>True for the errors that mean the database cannot be reached or used right now.</summary>
    public static bool IsOutage(Exception exception) =>
        exception is NpgsqlException or SocketException or IOException or TimeoutException;

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. When it fails for an outage, the pool is cleared (its idle
    /// connections died with the server) and the work tried once more on a fresh connection, so the first change after
    /// the database returns does not fail on a stale connection; the work must therefore be safe to run twice, as every
    /// change here is. A second failure throws <see cref="ChallengeStoreUnavailableException"/>.
    /// </summary>
    public T Run<T>(Func<NpgsqlConnection, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = DataSource.OpenConnection();
                var result = work(connection);
                Reached();
                return result;
            }
            catch (Exception exception) when (IsOutage(exception))
            {
                DataSource.Clear();
                if (attempt == 2)
                {
                    throw Failed(exception);
                }
            }
        }
    }

    /// <summary>Records that the database answered; logs the end of an outage.</summary>
    public void Reached()
    {
        if (Interlocked.Exchange(ref unavailable, null) is { } reason)
        {
            logger.LogInformation("The challenge store at {Endpoint} is reachable again (it was not: {Reason})", Endpoint, reason);
        }
    }

    /// <summary>Records an outage (logged once, when it starts) and returns the error to throw for it.</summary>
    public ChallengeStoreUnavailableException Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : exception.Message;
        if (Interlocked.Exchange(ref unavailable, reason) is null)
        {
            logger.LogWarning(
                "The challenge store at {Endpoint} is unavailable: {Reason}. DNS keeps answering the values it holds; publishes fail until the store returns",
                Endpoint, reason);
        }

        return new ChallengeStoreUnavailableException($"{ChallengeStoreUnavailableException.Summary} ({Endpoint}: {reason})", exception);
    }

    public void Dispose() => DataSource.Dispose();
}
