using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using WildDns.Enrollment.Datasets;

namespace WildDns.Enrollment.Credentials;

/// <summary>
/// A device's directory: its dataset, and its key, certificate chain and CA certificates, installed so that a reader
/// never sees a key and a certificate that do not belong together.
/// </summary>
/// <remarks>
/// Layout: each installation is a new generation <c>generations/N/</c> holding <c>key.pem</c>, <c>cert.pem</c> and
/// <c>ca.pem</c>; <c>live</c> is a symbolic link to the newest, swapped by one <c>rename(2)</c>, which is atomic; and
/// <c>key.pem</c>, <c>cert.pem</c>, <c>ca.pem</c> at the top are links through <c>live</c>. Two files cannot be
/// replaced in one step, so a service that reads both at arbitrary times should resolve <c>live</c> once and read both
/// from that generation; one that reads them on start or reload (nginx, storescp, the <c>--on-renew</c> hook) can use
/// the top-level names. The previous generation is kept, so the old pair stays readable during a swap.
/// </remarks>
public sealed class CredentialDirectory
{
    /// <summary>The dataset file; mode 0600 while it holds the secret.</summary>
    public const string DatasetFile = "dataset.json";

    /// <summary>The private key, PKCS#8 PEM, mode 0600.</summary>
    public const string KeyFile = "key.pem";

    /// <summary>The certificate, leaf then chain, PEM.</summary>
    public const string CertificateFile = "cert.pem";

    /// <summary>The CA certificates EST's <c>cacerts</c> returned, PEM.</summary>
    public const string CaFile = "ca.pem";

    private const string LiveLink = "live";
    private const string Generations = "generations";

    private CredentialDirectory(string path) => Path = path;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The path of the current key, through <c>live</c>.</summary>
    public string KeyPath => System.IO.Path.Combine(Path, KeyFile);

    /// <summary>The path of the current certificate chain, through <c>live</c>.</summary>
    public string CertificatePath => System.IO.Path.Combine(Path, CertificateFile);

    /// <summary>The path of the CA certificates, through <c>live</c>.</summary>
    public string CaPath => System.IO.Path.Combine(Path, CaFile);

    /// <summary>True once a key and certificate have been installed.</summary>
    public bool IsEnrolled => File.Exists(System.IO.Path.Combine(Path, LiveLink, CertificateFile));

    /// <summary>Opens <paramref name="path"/>, creating it owner-only (0700) if it is missing.</summary>
    public static CredentialDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return new CredentialDirectory(full);
    }

    /// <summary>Keeps the dataset in the directory: with its secret 0600, without it (after enrollment) readable.</summary>
    public void SaveDataset(KeyCreationDataset dataset) =>
        AtomicFile.Write(System.IO.Path.Combine(Path, DatasetFile), dataset.ToJson(), dataset.Secret is null ? AtomicFile.Public : AtomicFile.Private);

    /// <summary>The dataset kept in the directory; throws <see cref="FileNotFoundException"/> when there is none.</summary>
    public KeyCreationDataset LoadDataset() => KeyCreationDataset.Parse(File.ReadAllText(System.IO.Path.Combine(Path, DatasetFile)));

    /// <summary>The current certificate with its private key, read from one generation.</summary>
    public X509Certificate2 LoadCurrent()
    {
        var generation = ResolveLive();
        return X509Certificate2.CreateFromPemFile(
            System.IO.Path.Combine(generation, CertificateFile), System.IO.Path.Combine(generation, KeyFile));
    }

    /// <summary>The directory of the generation <c>live</c> points at now; read a key and certificate pair from it.</summary>
    public string ResolveLive()
    {
        var link = new FileInfo(System.IO.Path.Combine(Path, LiveLink));
        var target = (link.LinkTarget is null ? null : link.ResolveLinkTarget(returnFinalTarget: true))
            ?? throw new InvalidOperationException($"{Path} holds no certificate yet; run 'wilddns device enroll' first.");
        return target.FullName;
    }

    /// <summary>Installs a new key and chain as the next generation and makes it live in one atomic step.</summary>
    public string Install(string keyPem, IReadOnlyList<X509Certificate2> chain, IReadOnlyCollection<X509Certificate2> caCertificates)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new ArgumentException("nothing to install: the chain is empty.", nameof(chain));
        }

        var generations = System.IO.Path.Combine(Path, Generations);
        Directory.CreateDirectory(generations);
        var number = NextGeneration(generations);
        var generation = System.IO.Path.Combine(generations, number.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(generation);
        AtomicFile.Write(System.IO.Path.Combine(generation, KeyFile), keyPem, AtomicFile.Private);
        AtomicFile.Write(System.IO.Path.Combine(generation, CertificateFile), CertificateChain.ToPem(chain), AtomicFile.Public);
        AtomicFile.Write(System.IO.Path.Combine(generation, CaFile), CertificateChain.ToPem(caCertificates), AtomicFile.Public);

        SymbolicLinkSwap.Point(System.IO.Path.Combine(Path, LiveLink), System.IO.Path.Combine(Generations, number.ToString(CultureInfo.InvariantCulture)));

        foreach (var name in new[] { KeyFile, CertificateFile, CaFile })
        {
            var top = System.IO.Path.Combine(Path, name);
            if (new FileInfo(top).LinkTarget is null)
            {
                File.Delete(top);
                File.CreateSymbolicLink(top, System.IO.Path.Combine(LiveLink, name));
            }
        }

        Prune(generations, keep: [number, number - 1]);
        return generation;
    }

    private static int NextGeneration(string generations) =>
        Directory.EnumerateDirectories(generations)
            .Select(directory => int.TryParse(System.IO.Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max() + 1;

    private static void Prune(string generations, int[] keep)
    {
        foreach (var directory in Directory.EnumerateDirectories(generations))
        {
            if (int.TryParse(System.IO.Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && !keep.Contains(n))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
