using System.Net;
using WildDns.Configuration;

namespace WildDns.Hosting;

/// <summary>Checks settings at start, so that a bad value stops the server with a message naming its key.</summary>
public static class SettingsValidator
{
    public static void Validate(DnsSettings dns, ZoneSettings zones)
    {
        Range(DnsSettings.Section, nameof(dns.Port), dns.Port, 0, 65535);
        Range(DnsSettings.Section, nameof(dns.MaxUdpSize), dns.MaxUdpSize, 512, 65535);
        Range(DnsSettings.Section, nameof(dns.TcpIdleTimeoutSeconds), dns.TcpIdleTimeoutSeconds, 1, 3600);
        Range(DnsSettings.Section, nameof(dns.MaxTcpConnections), dns.MaxTcpConnections, 1, 1_000_000);
        Range(DnsSettings.Section, nameof(dns.MaxTcpConnectionsPerSource), dns.MaxTcpConnectionsPerSource, 1, 1_000_000);
        Range(DnsSettings.Section, nameof(dns.TcpReservedPercent), dns.TcpReservedPercent, 0, 90);
        Range(DnsSettings.Section, nameof(dns.UdpReceivers), dns.UdpReceivers, 0, 256);
        Range(DnsSettings.Section, nameof(dns.ShutdownGraceSeconds), dns.ShutdownGraceSeconds, 0, 600);
        for (var i = 0; i < dns.Listen.Count; i++)
        {
            if (!IPAddress.TryParse(dns.Listen[i], out _))
            {
                throw new ConfigurationError($"{DnsSettings.Section}:Listen:{i}", $"'{dns.Listen[i]}' is not an IP address.");
            }
        }

        Range(ZoneSettings.Section, nameof(zones.MaxIdentifierLabels), zones.MaxIdentifierLabels, 1, 16);
        Range(ZoneSettings.Section, nameof(zones.AddressTtl), zones.AddressTtl, 0, int.MaxValue);
        Range(ZoneSettings.Section, nameof(zones.AliasTtl), zones.AliasTtl, 0, int.MaxValue);
        Range(ZoneSettings.Section, nameof(zones.ChallengeTtl), zones.ChallengeTtl, 0, int.MaxValue);
        if (string.IsNullOrWhiteSpace(zones.Directory))
        {
            throw new ConfigurationError($"{ZoneSettings.Section}:Directory", "is empty.");
        }
    }

    private static void Range(string section, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ConfigurationError($"{section}:{key}", $"{value} is outside {min}-{max}.");
        }
    }
}
