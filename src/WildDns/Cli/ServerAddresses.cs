using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using WildDns.Configuration;
using WildDns.Control.Hosting;

namespace WildDns.Cli;

/// <summary>
/// Where the client verbs find a server on this machine, from the settings the server itself reads: the control plane at
/// its <c>WildDns:Control:Port</c> (https when <c>WildDns:Control:Certificate</c> is set), the operations port at
/// <c>WildDns:Operations:Port</c>, each on its first listen address (loopback for an any-address).
/// </summary>
public static class ServerAddresses
{
    /// <summary>The control plane, e.g. <c>http://127.0.0.1:5380/</c>; throws <see cref="ConfigurationError"/> when the settings name none.</summary>
    public static Uri Control(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ControlPlaneOptions.Read(configuration);
        if (!options.TryGetListenAddresses(out var addresses))
        {
            throw new ConfigurationError($"{ControlPlaneOptions.SectionName}:Listen", $"'{options.Listen}' is not a comma-separated list of IP addresses.");
        }

        if (options.Port is <= 0 or > 65535)
        {
            throw new ConfigurationError($"{ControlPlaneOptions.SectionName}:Port", $"{options.Port} is not a port the control plane can be reached on; give --server.");
        }

        var scheme = string.IsNullOrWhiteSpace(options.Certificate) ? "http" : "https";
        return Address(scheme, addresses[0], options.Port);
    }

    /// <summary>The operations port, e.g. <c>http://127.0.0.1:5381/</c>; throws <see cref="ConfigurationError"/> when it is off.</summary>
    public static Uri Operations(IConfiguration configuration)
    {
        var settings = OperationsSettings.Bind(configuration);
        if (settings.Port is <= 0 or > 65535)
        {
            throw new ConfigurationError($"{OperationsSettings.Section}:Port", $"{settings.Port} is not a port the operations port can be reached on; give --url.");
        }

        var addresses = settings.ListenAddresses()
            ?? throw new ConfigurationError($"{OperationsSettings.Section}:Listen", $"'{settings.Listen}' is not a comma-separated list of IP addresses.");
        return Address("http", addresses[0], settings.Port);
    }

    /// <summary>
    /// The certificate the server presents when <c>WildDns:Control:Certificate</c> is set and readable here, so that a
    /// client on the same machine can trust exactly it while calling a loopback address its name does not cover; else null.
    /// </summary>
    public static X509Certificate2? ControlCertificate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ControlPlaneOptions.SectionName);
        if (section[nameof(ControlPlaneOptions.Certificate)] is not { Length: > 0 } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return section[nameof(ControlPlaneOptions.CertificateKey)] is { Length: > 0 }
                ? X509CertificateLoader.LoadCertificateFromFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, section[nameof(ControlPlaneOptions.CertificatePassword)]);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Uri Address(string scheme, IPAddress address, int port)
    {
        // A server listening on every address is reached on this machine's loopback.
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
    }
}
