namespace WildDns.Control.Challenges;

/// <summary>The server's data directory (<c>WildDns:DataDirectory</c>): challenge database and control token.</summary>
internal static class DataDirectory
{
    /// <summary>Creates the directory if it is missing; owner-only, since it holds the control plane's token.</summary>
    public static void Create(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
