using System.Net;
using WildDns.Configuration;

namespace WildDns.Hosting;

/// <summary>Checks the telemetry, logging and reload settings at start; a bad value stops the server with a message naming its key.</summary>
public static class OperationsSettingsValidator
{
    public static void Validate(TelemetrySettings telemetry, LoggingSettings logging, ZoneReloadSettings reload)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(reload);
        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint)
            && (!Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw new ConfigurationError($"{TelemetrySettings.Section}:OtlpEndpoint", $"'{telemetry.OtlpEndpoint}' is not an http:// or https:// URL.");
        }

        if (telemetry.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            throw new ConfigurationError($"{TelemetrySettings.Section}:OtlpProtocol", $"'{telemetry.OtlpProtocol}' is neither grpc nor http/protobuf.");
        }

        Range($"{TelemetrySettings.Section}:OtlpExportIntervalSeconds", telemetry.OtlpExportIntervalSeconds, 1, 3600);
        Range($"{TelemetrySettings.Section}:HttpPort", telemetry.HttpPort, 0, 65535);
        if (telemetry.HttpPort > 0 && HttpAddresses(telemetry) is null)
        {
            throw new ConfigurationError($"{TelemetrySettings.Section}:HttpListen", $"'{telemetry.HttpListen}' is not a comma-separated list of IP addresses.");
        }

        if (double.IsNaN(logging.QuerySampleRate) || logging.QuerySampleRate is < 0 or > 1)
        {
            throw new ConfigurationError($"{LoggingSettings.Section}:QuerySampleRate", $"{logging.QuerySampleRate} is outside 0-1 (0 logs no query, 1 every one).");
        }

        Range($"{ZoneReloadSettings.Section}:ReloadDelayMilliseconds", reload.ReloadDelayMilliseconds, 0, 60_000);
    }

    /// <summary>The addresses of <see cref="TelemetrySettings.HttpListen"/>, or null when one is not an IP address.</summary>
    public static IReadOnlyList<IPAddress>? HttpAddresses(TelemetrySettings telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var addresses = new List<IPAddress>();
        foreach (var entry in telemetry.HttpListen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(entry, out var address))
            {
                return null;
            }

            addresses.Add(address);
        }

        return addresses.Count > 0 ? addresses : null;
    }

    private static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ConfigurationError(key, $"{value} is outside {min}-{max}.");
        }
    }
}
