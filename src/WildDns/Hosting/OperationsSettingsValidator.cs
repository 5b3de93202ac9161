using WildDns.Configuration;

namespace WildDns.Hosting;

/// <summary>Checks the operations port, telemetry, logging and reload settings at start; a bad value stops the server with a message naming its key.</summary>
public static class OperationsSettingsValidator
{
    public static void Validate(OperationsSettings operations, TelemetrySettings telemetry, LoggingSettings logging, ZoneReloadSettings reload)
    {
        ArgumentNullException.ThrowIfNull(operations);
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
        ValidateListener(operations, OperationsSettings.Section);

        if (double.IsNaN(logging.QuerySampleRate) || logging.QuerySampleRate is < 0 or > 1)
        {
            throw new ConfigurationError($"{LoggingSettings.Section}:QuerySampleRate", $"{logging.QuerySampleRate} is outside 0-1 (0 logs no query, 1 every one).");
        }

        Range($"{ZoneReloadSettings.Section}:ReloadDelayMilliseconds", reload.ReloadDelayMilliseconds, 0, 60_000);
    }

    /// <summary>Checks the operations port and its addresses, naming keys under <paramref name="section"/>.</summary>
    public static void ValidateListener(OperationsSettings operations, string section)
    {
        ArgumentNullException.ThrowIfNull(operations);
        Range($"{section}:Port", operations.Port, 0, 65535);
        if (operations.Port > 0 && operations.ListenAddresses() is null)
        {
            throw new ConfigurationError($"{section}:Listen", $"'{operations.Listen}' is not a comma-separated list of IP addresses.");
        }
    }

    private static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ConfigurationError(key, $"{value} is outside {min}-{max}.");
        }
    }
}
