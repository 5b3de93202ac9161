using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using WildDns.Acme;
using WildDns.Acme.Jws;
using WildDns.Client;
using WildDns.Configuration;
using WildDns.Registration.Hosting;
using WildDns.Registration.Ordering;
using WildDns.Registration.Workflow;

namespace WildDns.Hosting;

/// <summary>Composes <c>wilddns registrar serve</c>: the registrar's settings, the ACME CA behind it, and the control plane its challenges go through.</summary>
public static class RegistrarComposition
{
    /// <summary>The account key's file name in the registrar's data directory (mode 0600).</summary>
    public const string AccountKeyFileName = "acme-account.key";

    /// <summary>Where the CA certificates learned from issued chains are kept.</summary>
    public const string LearnedCaFileName = "ca-certificates.pem";

    /// <summary>The registrar's operations port section (<c>/metrics</c>, <c>/health/*</c>); the server's settings under another key.</summary>
    public const string OperationsSection = $"{RegistrarSettings.Section}:Operations";

    /// <summary>The registrar's default operations port, next to the server's 5381 and the admin API's 5382.</summary>
    public const int DefaultOperationsPort = 5384;

    /// <summary>Builds the registrar from <paramref name="configuration"/>; throws <see cref="ConfigurationError"/> naming a missing or bad setting.</summary>
    public static async Task<RegistrarHost> BuildAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var settings = SettingsBinder.Bind<RegistrarSettings>(configuration, RegistrarSettings.Section);
        var acme = SettingsBinder.Bind<AcmeSettings>(configuration, AcmeSettings.Section);
        var operations = OperationsSettings.Bind(configuration, OperationsSection, new OperationsSettings { Port = DefaultOperationsPort });
        OperationsSettingsValidator.ValidateListener(operations, OperationsSection);
        if (string.IsNullOrWhiteSpace(acme.DirectoryUrl) || !Uri.TryCreate(acme.DirectoryUrl, UriKind.Absolute, out var directory) || directory.Scheme != Uri.UriSchemeHttps)
        {
            throw new ConfigurationError($"{AcmeSettings.Section}:DirectoryUrl", "the CA's ACME directory, an https URL, is required (--acme-directory).");
        }

        if (acme.Nameservers.Count == 0)
        {
            throw new ConfigurationError($"{AcmeSettings.Section}:Nameservers", "name every authoritative nameserver of the zone (--nameserver HOST:PORT, repeated).");
        }

        var nameservers = new List<System.Net.IPEndPoint>();
        foreach (var nameserver in acme.Nameservers)
        {
            try
            {
                nameservers.AddRange(await NameserverProbe.ResolveAsync(nameserver, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException)
            {
                throw new ConfigurationError($"{AcmeSettings.Section}:Nameservers", e.Message);
            }
        }

        if (!Uri.TryCreate(acme.ControlUrl, UriKind.Absolute, out var control))
        {
            throw new ConfigurationError($"{AcmeSettings.Section}:ControlUrl", $"'{acme.ControlUrl}' is not a URL such as http://127.0.0.1:5380.");
        }

        var token = acme.ControlToken ?? ReadSecretFile(acme.ControlTokenFile, $"{AcmeSettings.Section}:ControlTokenFile");
        var eab = acme.EabKeyId is null ? null
            : ExternalAccountBinding.FromBase64Url(acme.EabKeyId, acme.EabMacKey ?? ReadSecretFile(acme.EabMacKeyFile, $"{AcmeSettings.Section}:EabMacKeyFile")
                ?? throw new ConfigurationError($"{AcmeSettings.Section}:EabMacKey", "an External Account Binding key id needs its MAC key (EabMacKeyFile)."));
        var http = acme.CaFile is null ? new HttpClient() : new HttpClient(AcmeTrust.CreateHandler(acme.CaFile));
        var connection = new AcmeConnection(() => new AcmeClientOptions
        {
            DirectoryUrl = directory,
            AccountKey = new AccountKeyStore(Path.Combine(settings.DataDirectory, AccountKeyFileName)).LoadOrCreate(),
            Contact = [.. acme.Contact.Select(contact => contact.Contains(':', StringComparison.Ordinal) ? contact : $"mailto:{contact}")],
            ExternalAccountBinding = eab,
            HttpClient = http,
        });
        var caCertificates = new CaCertificateSource(acme.CaCertificates, Path.Combine(settings.DataDirectory, LearnedCaFileName));
        var publisher = new ControlPlanePublisher(new ChallengeClient(control, token));
        var host = RegistrarHost.Build(
            settings,
            services => new AcmeCertificateAuthority(
                connection.GetAsync,
                publisher,
                new NameserverProbe(nameservers, services.GetRequiredService<TimeProvider>()),
                acme.PropagationTimeout,
                caCertificates,
                services.GetRequiredService<EnrollmentMetrics>(),
                services.GetRequiredService<ILogger<AcmeCertificateAuthority>>()),
            builder => AddOperations(builder, operations));
        host.App.MapOperationsPaths();
        return host;
    }

    private static void AddOperations(WebApplicationBuilder builder, OperationsSettings operations)
    {
        // A line per EST request, scrape and probe would bury the registrar's own lines (orders, issues, audit).
        builder.QuietenHostLogs();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("wilddns-registrar"))
            .WithMetrics(metrics => metrics
                .AddMeter(EnrollmentMetrics.MeterName)

                // As the server's: a scrape shows the counts of this moment.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddHealthChecks().AddCheck<RegistrarReadinessCheck>(WildDnsOperations.ReadyTag, tags: [WildDnsOperations.ReadyTag]);
        builder.ListenForOperations(operations);
    }

    private static string? ReadSecretFile(string? path, string key)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError(key, $"cannot read {path}: {e.Message}");
        }
    }
}
