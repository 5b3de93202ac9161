using System.Net;
using Microsoft.Extensions.Configuration;

namespace WildDns.Control.Hosting;

/// <summary>Settings of the control plane, bound from <c>WildDns:Control</c> (and <c>WildDns:DataDirectory</c>).</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "WildDns:Control";

    /// <summary>The configuration key of the data directory, shared with the rest of the server.</summary>
    public const string DataDirectoryKey = "WildDns:DataDirectory";

    /// <summary>The token file's name inside the data directory.</summary>
    public const string TokenFileName = "control.token";

    /// <summary>
    /// The bearer token every call must carry. When empty and the control plane listens on loopback only, one is generated
    /// into <c>control.token</c> in the data directory; elsewhere the server refuses to start without it (or a client CA).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Writes the generated <c>control.token</c> with mode 0640 (and the data directory 0750) instead of 0600 and 0700,
    /// so that members of the server's group, such as the user an ACME client's hook runs as, can read it.
    /// </summary>
    public bool TokenGroupReadable { get; set; }

    /// <summary>
    /// A file holding the bearer token (its first line, trimmed), read at start: the form that keeps the secret out of
    /// settings files, the environment and process listings. Same authority as <see cref="Token"/>; not both.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>Further tokens, each with its own name, secret (a file or the value) and optional scopes.</summary>
    public List<ControlTokenOptions> Tokens { get; } = [];

    /// <summary>
    /// Lets the control plane listen beyond loopback without TLS, bearer tokens in clear text on the network. Off by default;
    /// meant only for a network that is private by other means (a pod's own network namespace), and logged loudly at start.
    /// </summary>
    public bool AllowCleartext { get; set; }

    /// <summary>IP addresses to listen on, comma-separated or as a configuration list; loopback by default (SPEC §5).</summary>
    public string Listen { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the control listener; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 5380;

    /// <summary>Server certificate for TLS: a PKCS#12 file, or a PEM file with <see cref="CertificateKey"/>. Empty: cleartext HTTP/2.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/>, when that is a PEM file.</summary>
    public string? CertificateKey { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// PEM file of the CA certificates that issue client certificates. When set (it needs <see cref="Certificate"/>),
    /// a call with a client certificate that chains to one of them is authenticated without a token (mutual TLS).
    /// </summary>
    public string? ClientCa { get; set; }

    /// <summary>The data directory, from <c>WildDns:DataDirectory</c>; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the generated token lives.</summary>
    public string TokenFilePath => Path.Combine(DataDirectory, TokenFileName);

    /// <summary>Binds the section from <paramref name="configuration"/>, with what <see cref="ReadBeyondSection"/> adds.</summary>
    public static ControlPlaneOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ControlPlaneOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.ReadBeyondSection(configuration);
        return options;
    }

    /// <summary>
    /// Takes <see cref="DataDirectory"/> from <c>WildDns:DataDirectory</c>, <see cref="Listen"/> given as a list (a JSON
    /// array, a repeated <c>--control-listen</c> switch: <c>Listen:0</c>, <c>Listen:1</c>, ...), and token scopes given as
    /// one comma-separated string, which binding alone misses.
    /// </summary>
    public void ReadBeyondSection(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[DataDirectoryKey] is { Length: > 0 } dataDirectory)
        {
            DataDirectory = dataDirectory;
        }

        var listed = configuration.GetSection($"{SectionName}:{nameof(Listen)}").GetChildren().Select(child => child.Value).OfType<string>().ToList();
        if (listed.Count > 0)
        {
            Listen = string.Join(',', listed);
        }

        // A token's scopes may also be one comma-separated string, as a TSIG key's are (WildDns:Control:Tokens:0:Scopes).
        var tokens = configuration.GetSection($"{SectionName}:{nameof(Tokens)}").GetChildren().ToList();
        for (var i = 0; i < tokens.Count && i < Tokens.Count; i++)
        {
            if (tokens[i].GetSection(nameof(ControlTokenOptions.Scopes)).Value is { Length: > 0 } joined)
            {
                Tokens[i].Scopes.Add(joined);
            }
        }
    }

    /// <summary>Reads <see cref="Listen"/>; false when an entry is not an IP address.</summary>
    public bool TryGetListenAddresses(out IReadOnlyList<IPAddress> addresses)
    {
        var parsed = new List<IPAddress>();
        addresses = parsed;
        foreach (var entry in Listen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(entry, out var address))
            {
                return false;
            }

            parsed.Add(address);
        }

        return parsed.Count > 0;
    }

    /// <summary>True when every listen address is a loopback address, so only local processes reach the control plane.</summary>
    public bool ListensOnLoopbackOnly => TryGetListenAddresses(out var addresses) && addresses.All(IPAddress.IsLoopback);

    /// <summary>True when some token, scoped or not, is configured (rather than generated).</summary>
    public bool HasConfiguredTokens => !string.IsNullOrEmpty(Token) || !string.IsNullOrEmpty(TokenFile) || Tokens.Count > 0;
}
