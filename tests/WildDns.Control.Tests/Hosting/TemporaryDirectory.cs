namespace WildDns.Control.Tests.Hosting;

/// <summary>A data directory that a test removes when it is done.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = ControlPlaneHost.NewDataDirectory();

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
