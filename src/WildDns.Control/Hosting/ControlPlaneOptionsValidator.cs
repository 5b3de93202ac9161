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

        else if (options.TryGetListenAddresses(out var addresses) && addresses.FirstOrDefault(address => address.IsIPv4MappedToIPv6) is { } mapped)
        {
            // Linux refuses to bind an IPv6 socket to a mapped address (EINVAL); the plain IPv4 address means the same.
            failures.Add($"{Section}:Listen holds {mapped}, an IPv4 address written as IPv6; write it as {mapped.MapToIPv4()}.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{Section}:Port must be a TCP port, 1-65535, or 0 for any free port (got {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{ControlPlaneOptions.DataDirectoryKey} must name a directory.");
        }

        if (!string.IsNullOrEmpty(options.TokenFile) && !File.Exists(options.TokenFile))
        {
            failures.Add($"{Section}:TokenFile names a file that does not exist: {options.TokenFile}.");
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

        if (!string.IsNullOrEmpty(options.Token) && !string.IsNullOrEmpty(options.TokenFile))
        {
            failures.Add($"{Section}:Token and {Section}:TokenFile are both set; keep one (the file keeps the secret out of settings).");
        }

        for (var i = 0; i < options.Tokens.Count; i++)
        {
            ValidateToken(options.Tokens[i], $"{Section}:Tokens:{i}", failures);
        }

        var beyondLoopback = !options.ListensOnLoopbackOnly && options.TryGetListenAddresses(out _);
        if (!options.HasConfiguredTokens && !hasClientCa && beyondLoopback)
        {
            failures.Add(
                $"{Section}:TokenFile (or :Token, :Tokens) is required when the control plane listens beyond loopback ({Section}:Listen is '{options.Listen}'): "
                + $"name a file holding a token of at least 16 characters, or set {Section}:ClientCa for client certificates.");
        }

        if (beyondLoopback && !hasCertificate && !options.AllowCleartext)
        {
            // Bearer tokens over cleartext HTTP/2 can be read by anyone on the path, and with them every challenge changed.
            failures.Add(
                $"{Section}:Certificate is required when the control plane listens beyond loopback ({Section}:Listen is '{options.Listen}'): "
                + $"tokens would cross the network in clear text. Set a TLS certificate, or listen on loopback only, or, on a network "
                + $"private by other means, set {Section}:AllowCleartext to true.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateToken(ControlTokenOptions token, string key, List<string> failures)
    {
        var hasFile = !string.IsNullOrEmpty(token.TokenFile);
        var hasValue = !string.IsNullOrEmpty(token.Token);
        if (hasFile == hasValue)
        {
            failures.Add($"{key} needs exactly one of TokenFile and Token.");
        }
        else if (hasFile && !File.Exists(token.TokenFile))
        {
            failures.Add($"{key}:TokenFile names a file that does not exist: {token.TokenFile}.");
        }
        else if (hasValue && (token.Token!.Length < 16 || token.Token.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{key}:Token must be at least 16 characters without white space.");
        }

        try
        {
            _ = Authentication.ControlAuthenticator.ScopesOf(token);
        }
        catch (FormatException e)
        {
            failures.Add($"{key}:Scopes: {e.Message}");
        }
    }
}
