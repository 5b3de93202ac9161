using System.Security.Cryptography.X509Certificates;

namespace WildDns.Registration.Ordering;

/// <summary>
/// The CA certificates EST's <c>cacerts</c> names (RFC 7030 §4.1): those configured (the public CA's roots), else the
/// top of the last chain the CA issued, kept in the data directory so that it survives a restart.
/// </summary>
public sealed class CaCertificateSource
{
    private readonly string learnedFile;
    private readonly IReadOnlyList<X509Certificate2>? configured;
    private IReadOnlyList<X509Certificate2> learned;

    /// <summary>Reads <paramref name="configuredFile"/> when given; remembers learned certificates in <paramref name="learnedFile"/>.</summary>
    public CaCertificateSource(string? configuredFile, string learnedFile)
    {
        this.learnedFile = learnedFile;
        configured = configuredFile is null ? null : Read(configuredFile);
        learned = File.Exists(learnedFile) ? Read(learnedFile) : [];
        if (configured is { Count: 0 })
        {
            throw new InvalidDataException($"{configuredFile} holds no PEM certificate.");
        }
    }

    /// <summary>The certificates to name now; throws <see cref="InvalidOperationException"/> before any is known.</summary>
    public IReadOnlyList<X509Certificate2> Current() =>
        configured ?? (learned.Count > 0 ? learned
            : throw new InvalidOperationException("The CA's certificates are not known yet: set WildDns:Registrar:Acme:CaCertificates, or enroll a first device."));

    /// <summary>Remembers the issuers of an issued chain (everything after the leaf).</summary>
    public void Learn(IReadOnlyList<X509Certificate2> chain)
    {
        if (configured is not null || chain.Count < 2)
        {
            return;
        }

        var issuers = chain.Skip(1).ToArray();
        var pem = string.Concat(issuers.Select(certificate => certificate.ExportCertificatePem() + "\n"));
        var temporary = learnedFile + ".tmp";
        File.WriteAllText(temporary, pem);
        File.Move(temporary, learnedFile, overwrite: true);
        learned = issuers;
    }

    private static X509Certificate2[] Read(string file)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(file);
        return [.. certificates];
    }
}
