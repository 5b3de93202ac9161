namespace WildDns.Control.Challenges;

/// <summary>The server's data directory (<c>WildDns:DataDirectory</c>): challenge database and control token.</summary>
internal static class DataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupEntry = UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>
    /// Creates the directory if it is missing: owner-only (0700), since it holds the control plane's token, or 0750 with
    /// <paramref name="groupReadable"/>, which also opens an existing directory to its group, so that the group can reach
    /// a group-readable token.
    /// </summary>
    public static void Create(string path, bool groupReadable = false)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, groupReadable ? OwnerOnly | GroupEntry : OwnerOnly);
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if (groupReadable && (mode & GroupEntry) != GroupEntry)
        {
            File.SetUnixFileMode(path, mode | GroupEntry);
        }
    }
}
