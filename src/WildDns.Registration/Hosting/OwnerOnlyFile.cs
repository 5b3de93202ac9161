using System.Text;

namespace WildDns.Registration.Hosting;

/// <summary>
/// A file in the data directory that only its owner may read (mode 0600), written once and then kept: the registry key,
/// the admin token, the EST listener's generated key.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Owner read and write.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Returns the text of <paramref name="path"/>, first writing <paramref name="create"/>'s text there when the file does
    /// not exist. An existing file readable by others is narrowed to <see cref="Mode"/>; an empty one is an error, since
    /// whatever was generated into it may still be in use.
    /// </summary>
    public static string LoadOrCreate(string path, Func<string> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            Write(path, create());
        }

        Narrow(path);
        var text = File.ReadAllText(path);
        return text.Trim().Length > 0 ? text : throw new InvalidOperationException($"{path} is empty; restore it from a backup or delete it to have a new one generated.");
    }

    /// <summary>Takes every permission but the owner's read and write away from an existing file.</summary>
    public static void Narrow(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~Mode) != 0)
        {
            File.SetUnixFileMode(path, Mode);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> beside <paramref name="path"/> with <see cref="Mode"/> from creation on, then renames it into
    /// place, so nobody ever reads a half-written file; when another process created the file first, its contents win.
    /// </summary>
    public static void Write(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        DataDirectory.Create(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
