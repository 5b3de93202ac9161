using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace WildDns.Control.Hosting;

/// <summary>
/// Adds the control listener to Kestrel: each <see cref="ControlPlaneOptions.Listen"/> address on <see cref="ControlPlaneOptions.Port"/>,
/// HTTP/2 only (gRPC; cleartext needs prior knowledge), TLS and client certificates when configured.
/// </summary>
internal sealed class ControlListenerSetup(IOptions<ControlPlaneOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    // RFC 5280 §4.2.1.12: id-kp-clientAuth.
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public void Configure(KestrelServerOptions kestrel)
    {
        var settings = options.Value;
        settings.TryGetListenAddresses(out var addresses);
        var certificate = LoadCertificate(settings);
        var clientCas = string.IsNullOrWhiteSpace(settings.ClientCa) ? null : LoadClientCas(settings.ClientCa);
        foreach (var address in addresses)
        {
            kestrel.Listen(address, settings.Port, listen =>
            {
                // gRPC needs HTTP/2, and the control port serves nothing else: metrics and health have their own
                // HTTP/1.1 port, which the host adds.
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is null)
                {
                    return;
                }

                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (clientCas is not null)
                    {
                        // Allow, not require: a caller may still authenticate with the bearer token instead.
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.ClientCertificateValidation = (client, _, _) => IsIssuedByClientCa(client, clientCas);
                    }
                });
            });
        }
    }

    internal static bool IsIssuedByClientCa(X509Certificate2 client, X509Certificate2Collection clientCas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new(ClientAuthentication));
        return chain.Build(client);
    }

    private static X509Certificate2? LoadCertificate(ControlPlaneOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Certificate))
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(settings.CertificateKey)
            ? X509CertificateLoader.LoadPkcs12FromFile(settings.Certificate, settings.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(settings.Certificate, settings.CertificateKey);
    }

    private static X509Certificate2Collection LoadClientCas(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection.Count > 0
            ? collection
            : throw new InvalidOperationException($"{ControlPlaneOptions.SectionName}:ClientCa names {path}, which holds no PEM certificate.");
    }
}
