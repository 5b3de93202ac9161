namespace WildDns.Tests.Harness;

/// <summary>
/// A 16 MB tmpfs mounted by the test on a fresh directory (so it needs root), which <see cref="Fill"/>
/// fills to the last byte: a full disk for the challenge database, and nothing else on the machine touched. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mounted directory.</summary>
    public string Path { get; }

    public static async Task<SmallDisk> MountAsync()
    {
        var path = Directory.CreateTempSubdirectory("wilddns-disk-").FullName;
        await using var mount = await ChildProcess.RunAsync("mount", ["-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", path], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (mount.ExitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"cannot mount a tmpfs on {path} (this test needs root): {mount.Output}");
        }

        return new SmallDisk(path);
    }

    /// <summary>Writes a file until the disk has no byte left.</summary>
    public void Fill()
    {
        // Unbuffered, so that every refused write shows here and the close has nothing left to flush.
        using var file = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in (int[])[64 * 1024, 1])
        {
            var block = new byte[size];
            try
            {
                // Bounded: the disk holds 16 MB, and each loop stops at the first refused write.
                for (var i = 0; i < 1024 * 1024; i++)
                {
                    file.Write(block);
                }
            }
            catch (IOException)
            {
                // Full at this block size; the next, smaller one takes what is left.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await using var unmount = await ChildProcess.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (unmount.ExitCode == 0)
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
