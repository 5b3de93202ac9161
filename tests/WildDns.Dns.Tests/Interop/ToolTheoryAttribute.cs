using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>A theory that needs an installed tool; skipped without it only outside CI, like <see cref="ToolFactAttribute"/>.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(string tool, string package)
    {
        Skip = ExternalTool.SkipReason((tool, package));
    }
}
