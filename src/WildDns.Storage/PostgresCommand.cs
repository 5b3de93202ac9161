using Npgsql;

namespace WildDns.Storage;

/// <summary>Commands with positional parameters (<c>$1</c>, <c>$2</c>, …), each bound from a value in order.</summary>
public static class PostgresCommand
{
    public static NpgsqlCommand Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    public static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }
}
