using WildDns.Core.Synthesis;

namespace WildDns.Control.Hosting;

/// <summary>For a host that serves no zone files: no name is static. <c>wilddns serve</c> registers its zone catalog instead.</summary>
internal sealed class NoStaticNames : IStaticNames
{
    public static NoStaticNames Instance { get; } = new();

    public bool IsAtOrAboveStaticName(ReadOnlySpan<char> name) => false;
}
