using Xunit;

namespace WildDns.Tests.Harness;

/// <summary>
/// A fact that runs programs as other users (with <c>setpriv</c>), which only root may do. Skipped with a message when
/// not root, also under CI: .ci/run runs as root when it can install packages, and then this test runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        Skip = Environment.IsPrivilegedProcess
            ? ExternalTool.SkipReason(("setpriv", "util-linux"))
            : "needs root, to run the server and a client as two other users";
    }
}
