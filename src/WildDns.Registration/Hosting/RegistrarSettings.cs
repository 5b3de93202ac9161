using WildDns.Registration.Secrets;

namespace WildDns.Registration.Hosting;

/// <summary>The registrar's settings, bound from <c>WildDns:Registrar</c>; checked by <see cref="RegistrarSettingsValidator"/>.</summary>
public sealed class RegistrarSettings
{
    public const string Section = "WildDns:Registrar";

    /// <summary>Registry database, registry key, admin token and generated EST certificate.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The zone the device names are in, e.g. <c>cert.example.com</c>.</summary>
    public string Zone { get; set; } = string.Empty;

    /// <summary>WildDns's type label for alias answers, in the device's second name <c>*.&lt;certid&gt;.cname.&lt;zone&gt;</c>.</summary>
    public string AliasLabel { get; set; } = "cname";

    /// <summary>How long a one-time secret can be used after it was issued (registration or rotation).</summary>
    public TimeSpan SecretLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Wrong secrets in a row that lock a certid.</summary>
    public int MaxSecretFailures { get; set; } = 5;

    /// <summary>How long a certid stays locked after <see cref="MaxSecretFailures"/>.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Enrollments the CA may be working on at once (orders in flight); more wait, accepted, in the queue.</summary>
    public int OrdersInFlight { get; set; } = 10;

    /// <summary>The Retry-After given to a device whose certificate is not ready (RFC 7030 §4.2.3).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public RegistryStoreSettings Store { get; set; } = new();

    public EstSettings Est { get; set; } = new();

    public AdminSettings Admin { get; set; } = new();

    /// <summary>The secret rules these settings give.</summary>
    public SecretPolicy SecretPolicy => new(SecretLifetime, MaxSecretFailures, Lockout);
}
