using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WildDns.Acme;

/// <summary>
/// HTTP handlers that trust an ACME server's TLS certificate through extra CA certificates (a test CA such as pebble's, or
/// a private CA) as well as the system's roots.
/// </summary>
public static class AcmeTrust
{
    /// <summary>A handler trusting the system's roots and every certificate in the PEM file <paramref name="caFile"/>.</summary>
    public static SocketsHttpHandler CreateHandler(string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            throw new InvalidDataException($"{caFile} is not a PEM file of CA certificates: {exception.Message}", exception);
        }

        if (roots.Count == 0)
        {
            throw new InvalidDataException($"{caFile} holds no certificate");
        }

        return CreateHandler(roots);
    }

    /// <summary>A handler trusting the system's roots and <paramref name="extraRoots"/>; the host name is always checked.</summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2Collection extraRoots)
    {
        ArgumentNullException.ThrowIfNull(extraRoots);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, extraRoots),
            },
        };
    }

    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain may be rescued by the extra roots; a wrong name or no certificate never is.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
