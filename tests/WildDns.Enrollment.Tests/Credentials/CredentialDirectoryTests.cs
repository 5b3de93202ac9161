using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Requests;
using Xunit;

namespace WildDns.Enrollment.Tests.Credentials;

public sealed class CredentialDirectoryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("wilddns-device-").FullName;

    [Fact]
    public void Install_WritesKeyOwnerOnly_AndTheTopLevelNamesReadTheNewPair()
    {
        using var authority = new TestAuthority();
        var directory = CredentialDirectory.Open(Path.Combine(root, "device"));

        directory.IsEnrolled.Should().BeFalse();
        InstallOne(directory, authority);

        directory.IsEnrolled.Should().BeTrue();
        using var pair = X509Certificate2.CreateFromPemFile(directory.CertificatePath, directory.KeyPath);
        pair.HasPrivateKey.Should().BeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(directory.ResolveLive(), CredentialDirectory.KeyFile)).Should().Be(AtomicFile.Private);
            File.GetUnixFileMode(directory.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(directory.CertificatePath);
        chain.Select(c => c.Thumbprint).Should().Equal(pair.Thumbprint, authority.Intermediate.Thumbprint);
        File.ReadAllText(directory.CaPath).Should().Contain("BEGIN CERTIFICATE");
    }

    [Fact]
    public void Install_KeepsOnlyTheCurrentAndThePreviousGeneration()
    {
        using var authority = new TestAuthority();
        var directory = CredentialDirectory.Open(Path.Combine(root, "device"));

        var generations = Enumerable.Range(0, 4).Select(_ => InstallOne(directory, authority)).ToArray();

        Directory.EnumerateDirectories(Path.Combine(directory.Path, "generations")).Select(Path.GetFileName)
            .Should().BeEquivalentTo("3", "4");
        directory.ResolveLive().Should().Be(generations[^1]);
    }

    [Fact]
    public async Task Install_AReaderDuringRenewals_AlwaysSeesAKeyAndCertificateThatMatch()
    {
        using var authority = new TestAuthority();
        var directory = CredentialDirectory.Open(Path.Combine(root, "device"));
        InstallOne(directory, authority);
        using var stop = new CancellationTokenSource();
        var mismatches = 0;
        var reads = 0;

        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // What a service does that reads the pair at any moment: resolve the live generation once, read both from it.
                    using var pair = directory.LoadCurrent();
                    Interlocked.Increment(ref reads);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    Interlocked.Increment(ref mismatches);
                }
                catch (IOException)
                {
                    // Two renewals while one read: the generation it resolved was pruned. It reads again, as a service would.
                }
            }
        });
        // The renewals start once the reader is reading, so that the two overlap however the threads are scheduled.
        SpinWait.SpinUntil(() => Volatile.Read(ref reads) > 0, TimeSpan.FromSeconds(30)).Should().BeTrue("the reader started");
        for (var i = 0; i < 40; i++)
        {
            InstallOne(directory, authority);
        }

        await stop.CancelAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        mismatches.Should().Be(0);
        reads.Should().BeGreaterThan(0);
    }

    [Fact]
    public void ResolveLive_BeforeEnrollment_SaysWhatToRun()
    {
        var directory = CredentialDirectory.Open(Path.Combine(root, "device"));

        var resolve = () => directory.ResolveLive();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*wilddns device enroll*");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string InstallOne(CredentialDirectory directory, TestAuthority authority)
    {
        using var request = DeviceCertificateRequest.Create(["*.c7k2m4q9x3b5t.cert.example.com"]);
        using var leaf = authority.Issue(request.Der);
        return directory.Install(request.KeyPem(), [leaf, authority.Intermediate], [authority.Root]);
    }
}
