using Microsoft.Extensions.Options;

namespace WildDns.Control.Hosting;

/// <summary>Checks the control plane's settings at start; every message names the configuration key at fault.</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        var failures = new List<string>();
        const string Section = ControlPlaneOptions.SectionName;
        if (!options.TryGetListenAddresses(out _))
        {
            failures.Add($"{Section}:Listen must be one or more comma-separated IP addresses, e.g. 127.0.0.1 or 127.0.0.1,::1 (got '{options.Listen}').");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{Section}:Port must be a TCP port, 1-65535, or 0 for any free port (got {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{ControlPlaneOptions.DataDirectoryKey} must name a directory.");
        }

        if (options.Token is { } token && token.Length > 0 && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{Section}:Token must be at least 16 characters without white space.");
        }

        var hasCertificate = !string.IsNullOrWhiteSpace(options.Certificate);
        var hasClientCa = !string.IsNullOrWhiteSpace(options.ClientCa);
        if (hasCertificate && !File.Exists(options.Certificate))
        {
            failures.Add($"{Section}:Certificate names a file that does not exist: {options.Certificate}.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateKey) && !File.Exists(options.CertificateKey))
        {
            failures.Add($"{Section}:CertificateKey names a file that does not exist: {options.CertificateKey}.");
        }

        if (hasClientCa && !hasCertificate)
        {
            failures.Add($"{Section}:ClientCa needs {Section}:Certificate: client certificates are checked during a TLS handshake.");
        }

        if (hasClientCa && !File.Exists(options.ClientCa))
        {
            failures.Add($"{Section}:ClientCa names a file that does not exist: {options.ClientCa}.");
        }

        if (string.IsNullOrEmpty(options.Token) && !hasClientCa && !options.ListensOnLoopbackOnly && options.TryGetListenAddresses(out _))
        {
            failures.Add(
                $"{Section}:Token is required when the control plane listens beyond loopback ({Section}:Listen is '{options.Listen}'): "
                + $"set a token of at least 16 characters, or {Section}:ClientCa for client certificates.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
