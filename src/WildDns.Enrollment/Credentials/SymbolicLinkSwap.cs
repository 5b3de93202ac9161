using System.ComponentModel;
using System.Runtime.InteropServices;

namespace WildDns.Enrollment.Credentials;

/// <summary>Points a symbolic link at a new target in one step: a new link beside it, renamed over it with <c>rename(2)</c>, which POSIX makes atomic.</summary>
internal static class SymbolicLinkSwap
{
    /// <summary>Makes <paramref name="link"/> point at <paramref name="target"/> (relative to the link's directory), whether or not it exists.</summary>
    public static void Point(string link, string target)
    {
        var staged = Path.Combine(Path.GetDirectoryName(link)!, $".{Path.GetFileName(link)}.{Environment.ProcessId}.tmp");
        File.Delete(staged);
        File.CreateSymbolicLink(staged, target);

        // File.Move refuses a link whose target is a directory, and Directory.Move refuses an existing destination:
        // only rename(2) itself replaces the old link without a moment in which there is none.
        if (rename(staged, link) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            File.Delete(staged);
            throw new IOException($"cannot point {link} at {target}: {new Win32Exception(error).Message}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
