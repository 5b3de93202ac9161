using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace WildDns.Control.Challenges;

/// <summary>The server's data directory (<c>WildDns:DataDirectory</c>): challenge database and control token.</summary>
internal static class DataDirectory
{
    private const string Key = "WildDns:DataDirectory";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupEntry = UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    // Whoever may write here may replace the database or the token file, and with them publish any challenge.
    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Creates the directory if it is missing: owner-only (0700), since it holds the control plane's token, or 0750 with
    /// <paramref name="groupReadable"/>, which also opens an existing directory to its group, so that the group can reach
    /// a group-readable token. Throws <see cref="InvalidOperationException"/> with one line naming the directory when it
    /// cannot be made (a read-only filesystem).
    /// </summary>
    public static void Create(string path, bool groupReadable = false)
    {
        try
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot create the data directory {Path.GetFullPath(path)} ({Key}): {e.Message}", e);
        }
    }

    /// <summary>What is unsafe about the directory's owner and mode, one sentence each; empty when nothing is (or on Windows).</summary>
    public static IReadOnlyList<string> FindUnsafeAccess(string path)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return [];
        }

        var full = Path.GetFullPath(path);
        var problems = new List<string>();
        var mode = File.GetUnixFileMode(full);
        if ((mode & WritableByOthers) != 0)
        {
            problems.Add(
                $"The data directory {full} ({Key}) is writable by its group or by everyone (mode {Convert.ToString((int)mode, 8)}): others could replace "
                + $"the challenge database or the control token. Run 'chmod go-w {full}'.");
        }

        if (TryGetOwner(full, out var owner) && owner != geteuid())
        {
            problems.Add(
                $"The data directory {full} ({Key}) is owned by user {owner}, not by the user the server runs as ({geteuid()}): that user can replace "
                + "the challenge database or the control token. Give the directory to the server's user.");
        }

        return problems;
    }

    /// <summary>The owner's user ID through statx(2), whose layout is the same on every Linux architecture.</summary>
    private static bool TryGetOwner(string path, out uint owner)
    {
        const int CurrentDirectory = -100;
        const uint WantUid = 0x8;
        var buffer = new byte[256];
        owner = 0;
        try
        {
            if (statx(CurrentDirectory, path, 0, WantUid, buffer) != 0 || (BinaryPrimitives.ReadUInt32LittleEndian(buffer) & WantUid) == 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        owner = MemoryMarshal.Read<uint>(buffer.AsSpan(20));
        return true;
    }

    [DllImport("libc")]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc")]
    private static extern uint geteuid();
}
