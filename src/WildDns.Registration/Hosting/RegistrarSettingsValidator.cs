using System.Net;

namespace WildDns.Registration.Hosting;

/// <summary>Checks <see cref="RegistrarSettings"/> at start; every message names the configuration key at fault.</summary>
public static class RegistrarSettingsValidator
{
    // TimeSpan binding reads a bare "30" as 30 days; the bounds catch such slips.
    private static readonly TimeSpan LongestSecretLifetime = TimeSpan.FromDays(366);

    /// <summary>The problems, one line each; empty when the settings can be used.</summary>
    public static IReadOnlyList<string> Validate(RegistrarSettings settings)
    {
        const string Section = RegistrarSettings.Section;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.DataDirectory))
        {
            failures.Add($"{Section}:DataDirectory must name a directory.");
        }

        if (string.IsNullOrWhiteSpace(settings.Zone) || Uri.CheckHostName(settings.Zone.TrimEnd('.')) != UriHostNameType.Dns || !settings.Zone.Contains('.'))
        {
            failures.Add($"{Section}:Zone must be the zone the device names are in, e.g. cert.example.com (got '{settings.Zone}').");
        }

        if (string.IsNullOrWhiteSpace(settings.AliasLabel) || settings.AliasLabel.Contains('.'))
        {
            failures.Add($"{Section}:AliasLabel must be one DNS label, WildDns's alias type label (got '{settings.AliasLabel}').");
        }

        if (settings.SecretLifetime <= TimeSpan.Zero || settings.SecretLifetime > LongestSecretLifetime)
        {
            failures.Add($"{Section}:SecretLifetime must be between 00:00:01 and 366.00:00:00 (got {settings.SecretLifetime}).");
        }

        if (settings.MaxSecretFailures is < 1 or > 100)
        {
            failures.Add($"{Section}:MaxSecretFailures must be 1-100 (got {settings.MaxSecretFailures}).");
        }

        if (settings.Lockout < TimeSpan.Zero || settings.Lockout > TimeSpan.FromDays(7))
        {
            failures.Add($"{Section}:Lockout must be between 00:00:00 and 7.00:00:00 (got {settings.Lockout}).");
        }

        if (settings.OrdersInFlight is < 1 or > 1000)
        {
            failures.Add($"{Section}:OrdersInFlight must be 1-1000 (got {settings.OrdersInFlight}).");
        }

        if (settings.Store.ClaimLease < TimeSpan.FromSeconds(3) || settings.Store.ClaimLease > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:Store:ClaimLease must be between 00:00:03 and 01:00:00 (got {settings.Store.ClaimLease}).");
        }

        if (settings.Store.PollInterval < TimeSpan.FromMilliseconds(100) || settings.Store.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:Store:PollInterval must be between 00:00:00.1 and 01:00:00 (got {settings.Store.PollInterval}).");
        }

        if (settings.RetryAfter < TimeSpan.FromSeconds(1) || settings.RetryAfter > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:RetryAfter must be between 00:00:01 and 01:00:00 (got {settings.RetryAfter}).");
        }

        CheckListener(failures, $"{Section}:Est", settings.Est.Listen, settings.Est.Port);
        CheckListener(failures, $"{Section}:Admin", settings.Admin.Listen, settings.Admin.Port);
        if (settings.Est.Port == settings.Admin.Port)
        {
            failures.Add($"{Section}:Est:Port and {Section}:Admin:Port must differ (both are {settings.Est.Port}).");
        }

        if (settings.Est.Url is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Section}:Est:Url must be an https URL, e.g. https://registrar.example.com:5443/.well-known/est (got '{url}').");
        }

        if (!string.IsNullOrWhiteSpace(settings.Est.Certificate) && !File.Exists(settings.Est.Certificate))
        {
            failures.Add($"{Section}:Est:Certificate names a file that does not exist: {settings.Est.Certificate}.");
        }

        if (!string.IsNullOrWhiteSpace(settings.Est.CertificateKey) && !File.Exists(settings.Est.CertificateKey))
        {
            failures.Add($"{Section}:Est:CertificateKey names a file that does not exist: {settings.Est.CertificateKey}.");
        }

        var tokens = settings.Admin.Tokens.Select(token => token.Token).Append(settings.Admin.Token ?? string.Empty).Where(token => token.Length > 0).ToList();
        if (tokens.Any(token => token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{Section}:Admin:Token and every {Section}:Admin:Tokens:N:Token must be at least 16 characters without white space.");
        }

        if (tokens.Count != tokens.Distinct(StringComparer.Ordinal).Count())
        {
            failures.Add($"{Section}:Admin tokens must differ from each other: a token decides which institutions its caller sees.");
        }

        if (settings.Admin.Tokens.Any(token => string.IsNullOrWhiteSpace(token.Institution)))
        {
            failures.Add($"{Section}:Admin:Tokens:N:Institution must name the institution the token is limited to.");
        }

        if (tokens.Count == 0 && TryParseAddresses(settings.Admin.Listen, out var addresses) && !addresses.All(IPAddress.IsLoopback))
        {
            failures.Add($"{Section}:Admin:Token is required when the admin API listens beyond loopback ({Section}:Admin:Listen is '{settings.Admin.Listen}').");
        }

        return failures;
    }

    /// <summary>Reads a comma-separated list of IP addresses; false when an entry is not one or the list is empty.</summary>
    public static bool TryParseAddresses(string? listen, out IReadOnlyList<IPAddress> addresses)
    {
        var parsed = new List<IPAddress>();
        addresses = parsed;
        foreach (var entry in (listen ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(entry, out var address))
            {
                return false;
            }

            parsed.Add(address);
        }

        return parsed.Count > 0;
    }

    private static void CheckListener(List<string> failures, string section, string listen, int port)
    {
        if (!TryParseAddresses(listen, out _))
        {
            failures.Add($"{section}:Listen must be one or more comma-separated IP addresses (got '{listen}').");
        }

        if (port is < 1 or > 65535)
        {
            failures.Add($"{section}:Port must be a TCP port, 1-65535 (got {port}).");
        }
    }
}
