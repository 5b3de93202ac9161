using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Client;

/// <summary>
/// How a <see cref="ChallengeClient"/> checks the control plane's TLS certificate and proves itself: PEM files, as the CLI's
/// <c>--ca-file</c>, <c>--cert</c> and <c>--key</c> name them. Each is optional; without <see cref="CaFile"/> the system's
/// trusted roots decide.
/// </summary>
public sealed record ControlPlaneTls(string? CaFile = null, string? CertificateFile = null, string? KeyFile = null)
{
    /// <summary>
    /// An HTTP handler that trusts only <see cref="CaFile"/>'s certificates (when given) as roots for the server, still checks
    /// the server's name, and presents the client certificate. Throws <see cref="ArgumentException"/> naming a file that
    /// cannot be read or a certificate without its key.
    /// </summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        try
        {
            if (!string.IsNullOrEmpty(CaFile))
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(CaFile);
                if (authorities.Count == 0)
                {
                    throw new ArgumentException($"the CA file {CaFile} holds no PEM certificate.");
                }

                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server && IsTrusted(server, errors, authorities);
            }

            if (string.IsNullOrEmpty(CertificateFile) != string.IsNullOrEmpty(KeyFile))
            {
                throw new ArgumentException("a client certificate needs both the certificate file and its key file.");
            }

            if (!string.IsNullOrEmpty(CertificateFile))
            {
                handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile)];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            handler.Dispose();
            throw new ArgumentException($"cannot read the TLS files ({e.Message}).", e);
        }
        catch
        {
            handler.Dispose();
            throw;
        }

        return handler;
    }

    /// <summary>The name must match as usual; only the chain is built against the given authorities instead of the system's.</summary>
    private static bool IsTrusted(X509Certificate2 server, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
