namespace WildDns.Registration.Hosting;

/// <summary>The registrar's data directory: registry database, registry key, admin token, generated EST certificate.</summary>
internal static class DataDirectory
{
    /// <summary>Creates the directory if it is missing, owner-only: it holds the registry key.</summary>
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
