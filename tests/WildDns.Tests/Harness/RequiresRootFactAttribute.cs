using Xunit;

namespace WildDns.Tests.Harness;

/// <summary>
/// A fact that needs root, such as one that mounts a small tmpfs to fill (<see cref="SmallDisk"/>); skipped otherwise.
/// What it shows is also shown in process without root, with a store that fails on demand (WildDns.Dns.Tests).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "needs root on Linux, to mount a tmpfs";
        }
    }
}
