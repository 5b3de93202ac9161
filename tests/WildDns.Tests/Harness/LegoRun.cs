using System.Security.Cryptography.X509Certificates;

namespace WildDns.Tests.Harness;

/// <summary>One finished <c>lego run</c>: its process (exit code, output), how long it took, and where it stored its files.</summary>
public sealed record LegoRun(ChildProcess Process, TimeSpan Duration, string Path)
{
    public bool Succeeded => Process.ExitCode == 0;

    /// <summary>The certificate file lego writes for a run whose first domain was <paramref name="domain"/> ("*" becomes "_").</summary>
    public string CertificatePath(string domain) => System.IO.Path.Combine(Path, "certificates", domain.Replace('*', '_') + ".crt");

    /// <summary>The leaf certificate (the first in lego's bundle) issued for <paramref name="domain"/>.</summary>
    public X509Certificate2 LoadCertificate(string domain)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(CertificatePath(domain));
        return bundle[0];
    }
}
