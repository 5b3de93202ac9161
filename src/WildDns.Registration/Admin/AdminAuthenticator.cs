using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;

namespace WildDns.Registration.Admin;

/// <summary>
/// Decides who an admin call comes from: a bearer token equal to <c>Admin:Token</c> (every institution), to one of
/// <c>Admin:Tokens</c> (one institution), or to the token generated into <c>registrar.token</c> when none is configured.
/// Tokens are compared as SHA-256 digests in constant time. Thread-safe.
/// </summary>
public sealed class AdminAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly List<(byte[] Digest, string? Institution, string Name)> tokens = [];
    private readonly int port;
    private readonly ILogger<AdminAuthenticator> logger;

    public AdminAuthenticator(RegistrarSettings settings, ILogger<AdminAuthenticator> logger)
    {
        this.logger = logger;
        port = settings.Admin.Port;
        var admin = settings.Admin;
        var configured = !string.IsNullOrEmpty(admin.Token) || admin.Tokens.Count > 0;
        var token = admin.Token;
        if (!configured)
        {
            TokenFilePath = Path.GetFullPath(Path.Combine(settings.DataDirectory, AdminSettings.TokenFileName));
            token = OwnerOnlyFile.LoadOrCreate(TokenFilePath, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\n").Trim();
            logger.LogInformation("The registrar admin API's bearer token is in {TokenFile}", TokenFilePath);
        }

        if (!string.IsNullOrEmpty(token))
        {
            tokens.Add((Digest(token), null, "token"));
        }

        foreach (var limited in admin.Tokens)
        {
            // Compared in canonical form, like the registered institutions: "St. Mary " and "st. mary" are one institution.
            CanonicalDataset.TryCreate(new DeviceDataset("-", "-", "-", null, limited.Institution), out var canonical, out _);
            var institution = canonical?.Dataset.Institution ?? limited.Institution;
            tokens.Add((Digest(limited.Token), institution, $"token for {institution}"));
        }
    }

    /// <summary>The generated token's file, when no token is configured.</summary>
    public string? TokenFilePath { get; }

    /// <summary>The caller of <paramref name="context"/>, or the <see cref="RpcException"/> the client should see.</summary>
    public AdminCaller Authenticate(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        if (connection.LocalPort != port)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The registrar admin API answers on port {port} only."));
        }

        var authorization = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthenticated(context, "Send the header 'authorization: Bearer <token>' with a registrar admin token.");
        }

        var presented = Digest(authorization[BearerPrefix.Length..].Trim());
        var match = -1;
        for (var index = 0; index < tokens.Count; index++)
        {
            // Every token is compared, so the time taken does not tell which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, tokens[index].Digest))
            {
                match = index;
            }
        }

        if (match < 0)
        {
            throw Unauthenticated(context, "The bearer token is not a registrar admin token.");
        }

        return new AdminCaller($"{tokens[match].Name} from {context.Peer}", tokens[match].Institution);
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private RpcException Unauthenticated(ServerCallContext context, string message)
    {
        logger.LogWarning("Refused an unauthenticated admin call {Method} from {Peer}: {Reason}", context.Method, context.Peer, message);
        return new RpcException(new Status(StatusCode.Unauthenticated, message));
    }
}
