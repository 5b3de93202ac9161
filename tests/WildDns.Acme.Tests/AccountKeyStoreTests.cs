using System.Security.Cryptography;
using FluentAssertions;
using Xunit;

namespace WildDns.Acme.Tests;

public sealed class AccountKeyStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wilddns-acme-key-").FullName;

    [Fact]
    public void FirstStartCreatesAP256KeyReadableByItsOwnerOnlyAndLaterStartsLoadIt()
    {
        var store = new AccountKeyStore(Path.Combine(directory, "acme", "account.key"));

        using var created = store.LoadOrCreate();
        using var loaded = new AccountKeyStore(store.Path).LoadOrCreate();

        created.KeySize.Should().Be(256);
        loaded.ExportParameters(false).Q.X.Should().Equal(created.ExportParameters(false).Q.X);
        File.ReadAllText(store.Path).Should().StartWith("-----BEGIN PRIVATE KEY-----");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(store.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(Path.GetDirectoryName(store.Path)!).Should().ContainSingle("no temporary file is left behind");
    }

    [Theory]
    [InlineData("not PEM", "hello")]
    [InlineData("a certificate, not a key", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
    public void FilesThatHoldNoKeyAreRefusedNamingTheFile(string scenario, string content)
    {
        var path = Path.Combine(directory, "account.key");
        File.WriteAllText(path, content);
        var act = () => new AccountKeyStore(path).Load();
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*");
    }

    [Fact]
    public void KeysOnOtherCurvesAreRefused()
    {
        var path = Path.Combine(directory, "account.key");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        }

        var act = () => new AccountKeyStore(path).Load();
        act.Should().Throw<InvalidDataException>().WithMessage("*P-256*");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
