using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WildDns.Control.Hosting;
using WildDns.Core.Challenges;

namespace WildDns.Control.Authentication;

/// <summary>
/// Decides whether a control-plane call may proceed and with what authority: a bearer token equal to one of the configured
/// (or the generated) ones, each with its scopes, or a client certificate that Kestrel already checked against
/// <see cref="ControlPlaneOptions.ClientCa"/>. Tokens are kept only as SHA-256 digests. Thread-safe.
/// </summary>
public sealed class ControlAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly List<(byte[] Digest, ControlCredential Credential)> tokens = [];
    private readonly bool acceptsClientCertificates;
    private readonly int controlPort;

    /// <summary>Reads every configured token (files included); throws <see cref="InvalidOperationException"/> saying which one cannot be read.</summary>
    public ControlAuthenticator(IOptions<ControlPlaneOptions> options, ILogger<ControlAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        acceptsClientCertificates = !string.IsNullOrWhiteSpace(settings.ClientCa);
        controlPort = settings.Port;

        const string Section = ControlPlaneOptions.SectionName;
        if (!string.IsNullOrEmpty(settings.Token))
        {
            Add(settings.Token, new("token", ChallengeScopes.Unlimited));
        }

        if (!string.IsNullOrEmpty(settings.TokenFile))
        {
            Add(ReadTokenFile(settings.TokenFile, $"{Section}:TokenFile"), new("token", ChallengeScopes.Unlimited));
        }

        for (var i = 0; i < settings.Tokens.Count; i++)
        {
            var entry = settings.Tokens[i];
            var key = $"{Section}:Tokens:{i}";
            var secret = string.IsNullOrEmpty(entry.TokenFile) ? entry.Token! : ReadTokenFile(entry.TokenFile, $"{key}:TokenFile");
            Add(secret, new($"token {entry.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}", ScopesOf(entry)));
        }

        // The local administrator's token: on a loopback-only control plane without an unlimited configured token, generated
        // once into the data directory, so that `wilddns challenge` on this machine works without flags.
        if (string.IsNullOrEmpty(settings.Token) && string.IsNullOrEmpty(settings.TokenFile) && settings.ListensOnLoopbackOnly)
        {
            try
            {
                Add(ControlTokenFile.LoadOrCreate(settings.TokenFilePath, settings.TokenGroupReadable), new("token", ChallengeScopes.Unlimited));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Cannot read or create the control token file {Path.GetFullPath(settings.TokenFilePath)}: {e.Message}", e);
            }

            TokenFilePath = Path.GetFullPath(settings.TokenFilePath);
            logger.LogInformation("The control plane's bearer token is in {TokenFile}", TokenFilePath);
        }

        if (tokens.Select(token => Convert.ToHexString(token.Digest)).Distinct().Count() != tokens.Count)
        {
            // With one secret for two entries, the first would silently win and the second's scopes would never apply.
            throw new InvalidOperationException($"Two of the control plane's tokens ({Section}:Token, :TokenFile, :Tokens) are the same secret; give each its own.");
        }
    }

    /// <summary>The generated token's file, when the token came from there rather than from configuration.</summary>
    public string? TokenFilePath { get; }

    /// <summary>The scopes of a token entry: its list, each item possibly comma-separated (<c>--WildDns:Control:Tokens:0:Scopes a,b</c>).</summary>
    public static ChallengeScopes ScopesOf(ControlTokenOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Scopes.SelectMany(scope => scope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    /// <summary>
    /// Returns the credential the call carries, or throws the <see cref="RpcException"/> the client should see
    /// (<see cref="StatusCode.Unauthenticated"/>, or <see cref="StatusCode.PermissionDenied"/> on another listener).
    /// </summary>
    public ControlCredential Demand(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.GetHttpContext().Connection;

        // The gRPC service is mapped on the whole application; calls that came in on another listener (metrics, health)
        // would bypass the loopback-only decision that justified a generated token.
        if (controlPort != 0 && connection.LocalPort != controlPort)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The control plane answers on port {controlPort} only."));
        }

        if (acceptsClientCertificates && connection.ClientCertificate is { } certificate)
        {
            return new($"certificate {certificate.Subject} (thumbprint {certificate.Thumbprint})", ChallengeScopes.Unlimited);
        }

        var authorization = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            throw Unauthenticated("The call carries no credential: send the header 'authorization: Bearer <token>' with a control-plane token"
                + (acceptsClientCertificates ? ", or a client certificate." : "."));
        }

        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthenticated("The authorization header must read 'Bearer <token>'.");
        }

        if (tokens.Count == 0)
        {
            throw Unauthenticated("This control plane accepts client certificates only.");
        }

        // Comparing fixed-length digests in constant time hides both the tokens' contents and their lengths; every entry is
        // compared, so the time does not say which one matched.
        var presented = Digest(authorization.AsSpan(BearerPrefix.Length).Trim().ToString());
        ControlCredential? match = null;
        foreach (var (digest, credential) in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                match = credential;
            }
        }

        return match ?? throw Unauthenticated("The bearer token is none of the control plane's tokens.");
    }

    private static string ReadTokenFile(string path, string key)
    {
        try
        {
            var token = ControlTokenFile.Read(path);
            return token.Length >= 16 && !token.Any(char.IsWhiteSpace)
                ? token
                : throw new InvalidOperationException($"{key}: the token in {Path.GetFullPath(path)} must be at least 16 characters on one line without white space.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key}: cannot read the token file {Path.GetFullPath(path)}: {e.Message}", e);
        }
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    private void Add(string token, ControlCredential credential) => tokens.Add((Digest(token), credential));
}
