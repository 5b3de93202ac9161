using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>A fact about a Linux-only transport feature; skipped elsewhere, where the server does without it.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only";
        }
    }
}
