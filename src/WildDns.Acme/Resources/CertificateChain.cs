using System.Security.Cryptography.X509Certificates;

namespace WildDns.Acme.Resources;

/// <summary>A downloaded certificate chain (RFC 8555 §7.4.2): the PEM as the server sent it, the leaf first.</summary>
public sealed record CertificateChain
{
    /// <summary>The <c>application/pem-certificate-chain</c> body, leaf then issuers.</summary>
    public required string Pem { get; init; }

    /// <summary>The certificates in the order of the PEM; the caller disposes them.</summary>
    public required IReadOnlyList<X509Certificate2> Certificates { get; init; }

    public X509Certificate2 Leaf => Certificates[0];

    /// <summary>Other chains the server offers for the same certificate (<c>Link: rel="alternate"</c>), for <see cref="Api.CertificateService.DownloadAsync"/>.</summary>
    public IReadOnlyList<Uri> Alternates { get; init; } = [];
}
