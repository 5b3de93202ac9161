namespace WildDns.Registration.Hosting;

/// <summary>Where the registry lives, bound from <c>WildDns:Registrar:Store</c>: SQLite in the data directory unless a PostgreSQL connection string is given.</summary>
public sealed class RegistryStoreSettings
{
    /// <summary>A PostgreSQL connection string (<c>--store</c>); registrars sharing it serve one fleet. Null: SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a registrar's claim on an enrollment lasts unrenewed; another registrar takes the enrollment over after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the registry is asked for open enrollments, so one accepted by another registrar is ordered even if that one stopped.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
