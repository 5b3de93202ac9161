using System.Security.Cryptography;

namespace WildDns.Acme;

/// <summary>
/// The account key as a PEM file (PKCS#8), readable by its owner only (mode 0600): losing it loses the account, and
/// anyone holding it can order certificates as the account.
/// </summary>
public sealed class AccountKeyStore(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The stored key, or a new P-256 key saved first when the file does not exist. The caller disposes the key.</summary>
    public ECDsa LoadOrCreate()
    {
        if (File.Exists(Path))
        {
            return Load();
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Save(key);
        return key;
    }

    /// <summary>The stored key; a clear error when the file is not a P-256 private key in PEM.</summary>
    public ECDsa Load()
    {
        var pem = File.ReadAllText(Path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{Path} holds no EC private key in PEM: {exception.Message}", exception);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"{Path} holds a {key.KeySize}-bit EC key; an ES256 account key is P-256");
        }

        return key;
    }

    /// <summary>Writes the key with mode 0600 through a temporary file and a rename, so a crash never leaves half a key.</summary>
    public void Save(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
