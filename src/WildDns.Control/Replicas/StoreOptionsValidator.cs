using Microsoft.Extensions.Options;
using Npgsql;

namespace WildDns.Control.Replicas;

/// <summary>Checks the shared store's settings at start; every message names the configuration key at fault.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (!options.IsShared)
        {
            return ValidateOptionsResult.Success;
        }

        const string Section = StoreOptions.SectionName;
        var failures = new List<string>();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add($"{StoreOptions.ConnectionStringKey} names no Host; write it as Host=…;Database=…;Username=…;Password=….");
            }
        }
        catch (ArgumentException exception)
        {
            // The message names the bad keyword, never the secret.
            failures.Add($"{StoreOptions.ConnectionStringKey} is not a PostgreSQL connection string: {exception.Message}");
        }

        if (options.ReplicaId is { } id && id.Length > 0 && (id.Length > 100 || id.Any(char.IsControl)))
        {
            failures.Add($"{Section}:ReplicaId must be at most 100 printable characters.");
        }

        Check(failures, "Heartbeat", options.Heartbeat, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(failures, "ReplicaTimeout", options.ReplicaTimeout, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        Check(failures, "PublishTimeout", options.PublishTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Check(failures, "Resync", options.Resync, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (options.ReplicaTimeout < options.Heartbeat * 2)
        {
            failures.Add(
                $"{Section}:ReplicaTimeout ({options.ReplicaTimeout}) must be at least twice {Section}:Heartbeat ({options.Heartbeat}), "
                + "or a replica that is alive but one heartbeat late counts as gone.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan least, TimeSpan most)
    {
        if (value < least || value > most)
        {
            failures.Add($"{StoreOptions.SectionName}:{key} must be between {least} and {most}, written hh:mm:ss (got {value}).");
        }
    }
}
