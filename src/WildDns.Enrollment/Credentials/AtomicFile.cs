namespace WildDns.Enrollment.Credentials;

/// <summary>Writes a file so that a reader sees the old content or the new, never a part: a temporary file beside it, flushed to disk, renamed over.</summary>
public static class AtomicFile
{
    /// <summary>Owner read and write only: for keys and secrets.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read and write, everyone read: for certificates.</summary>
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, created with <paramref name="mode"/> on Unix.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode from the start, so a key is never readable by others, not even for a moment.
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="path"/> with UTF-8 <paramref name="text"/>.</summary>
    public static void Write(string path, string text, UnixFileMode mode) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), mode);
}
