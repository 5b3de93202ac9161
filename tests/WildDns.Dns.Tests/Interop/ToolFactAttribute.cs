using Xunit;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// A fact that needs an installed tool. Without the tool it is skipped with a message on a developer machine,
/// but under CI (CI set) it runs and fails, so that a CI image without the tool cannot pass unnoticed.
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, string package)
    {
        Skip = ExternalTool.SkipReason((tool, package));
    }
}
