using System.Security.Cryptography;
using System.Text;
using WildDns.Control.Challenges;

namespace WildDns.Control.Authentication;

/// <summary>The generated bearer token of a loopback-only control plane: <c>control.token</c> in the data directory, mode 0600.</summary>
public static class ControlTokenFile
{
    /// <summary>Owner read and write: the token is as good as the control plane itself.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Reads the token at <paramref name="path"/>, or writes a new random one there when the file does not exist.
    /// An existing file readable by others is narrowed to <see cref="Mode"/>; an empty one is an error, not replaced,
    /// since clients may hold its old contents.
    /// </summary>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException("it is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            DataDirectory.Create(directory);
            if (TryCreate(path, directory))
            {
                return Read(path);
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~Mode) != 0)
        {
            File.SetUnixFileMode(path, Mode);
        }

        return Read(path);
    }

    /// <summary>Reads a token file as clients do: the first line, white space trimmed.</summary>
    public static string Read(string path)
    {
        var token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
        {
            throw new InvalidOperationException($"The control token file {path} is empty; delete it to have a new token generated.");
        }

        return token;
    }

    /// <summary>32 random bytes in base64url: 256 bits, safe in an HTTP header and on a command line.</summary>
    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// Writes a fresh token beside the target and renames it into place, so a reader never sees a half-written file;
    /// false when another process created the file first (then its token wins).
    /// </summary>
    private static bool TryCreate(string path, string directory)
    {
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, not narrowed afterwards: no moment in which others may open it.
            options.UnixCreateMode = Mode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(NewToken() + "\n"));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
