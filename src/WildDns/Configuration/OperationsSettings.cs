using System.Net;
using Microsoft.Extensions.Configuration;

namespace WildDns.Configuration;

/// <summary>
/// The <c>WildDns:Operations</c> section: the plain HTTP/1.1 port of <c>/metrics</c>, <c>/health/live</c> and
/// <c>/health/ready</c>, which Prometheus, Kubernetes probes, curl and <c>wilddns health</c> speak.
/// </summary>
public sealed class OperationsSettings
{
    public const string Section = "WildDns:Operations";

    /// <summary>TCP port; 0 turns the operations port off (metrics then leave only over OTLP).</summary>
    public int Port { get; set; } = 5381;

    /// <summary>IP addresses to listen on, comma-separated (or a configuration list, see <see cref="Bind"/>); loopback by default.</summary>
    public string Listen { get; set; } = "127.0.0.1";

    /// <summary>Binds the section; <c>Listen</c> may also be a list (a JSON array, a repeated <c>--ops-listen</c>).</summary>
    public static OperationsSettings Bind(IConfiguration configuration) => Bind(configuration, Section, new OperationsSettings());

    /// <summary>
    /// Binds <paramref name="section"/> over <paramref name="defaults"/>: the same settings under another process's section,
    /// e.g. the registrar's <c>WildDns:Registrar:Operations</c> with its own default port.
    /// </summary>
    public static OperationsSettings Bind(IConfiguration configuration, string section, OperationsSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = SettingsBinder.Bind(configuration, section, defaults);
        var listed = configuration.GetSection($"{section}:{nameof(Listen)}").GetChildren().Select(child => child.Value).OfType<string>().ToList();
        if (listed.Count > 0)
        {
            settings.Listen = string.Join(',', listed);
        }

        return settings;
    }

    /// <summary>The addresses of <see cref="Listen"/>, or null when one is not an IP address or there is none.</summary>
    public IReadOnlyList<IPAddress>? ListenAddresses()
    {
        var addresses = new List<IPAddress>();
        foreach (var entry in Listen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(entry, out var address))
            {
                return null;
            }

            addresses.Add(address);
        }

        return addresses.Count > 0 ? addresses : null;
    }
}
