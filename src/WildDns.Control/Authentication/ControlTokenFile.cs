using System.Security.Cryptography;
using System.Text;
using WildDns.Control.Challenges;

namespace WildDns.Control.Authentication;

/// <summary>
/// The generated bearer token of a loopback-only control plane: <c>control.token</c> in the data directory, mode 0600,
/// or 0640 when the server's group is to read it (<c>WildDns:Control:TokenGroupReadable</c>).
/// </summary>
public static class ControlTokenFile
{
    /// <summary>Owner read and write: the token is as good as the control plane itself.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Owner read and write, group read: for hooks (lego's exec provider) run as other users in the server's group,
    /// so they need not run as root or as the server's user.
    /// </summary>
    public const UnixFileMode GroupReadableMode = Mode | UnixFileMode.GroupRead;

    /// <summary>
    /// Reads the token at <paramref name="path"/>, or writes a new random one there when the file does not exist.
    /// An existing file whose mode differs is set to <see cref="Mode"/> (or <see cref="GroupReadableMode"/>): never
    /// readable by others. An empty file is an error, not replaced, since clients may hold its old contents. With
    /// <paramref name="groupReadable"/>, the data directory also lets its group in (0750), so the group reaches the file.
    /// </summary>
    public static string LoadOrCreate(string path, bool groupReadable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException("it is a directory, not a file");
        }

        var mode = groupReadable ? GroupReadableMode : Mode;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        DataDirectory.Create(directory, groupReadable);
        if (!File.Exists(path) && TryCreate(path, directory, mode))
        {
            return Read(path);
        }

        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != mode)
        {
            File.SetUnixFileMode(path, mode);
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
    private static bool TryCreate(string path, string directory, UnixFileMode mode)
    {
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, not narrowed afterwards: no moment in which others may open it.
            options.UnixCreateMode = mode;
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
