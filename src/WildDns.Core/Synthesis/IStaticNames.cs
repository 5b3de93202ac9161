namespace WildDns.Core.Synthesis;

/// <summary>
/// The names the zone files hold (a nameserver's <c>ns1</c>, say). No challenge value may be published for them: a value at
/// <c>_acme-challenge.ns1.&lt;zone&gt;</c> would let whoever publishes it get a certificate for the nameserver's own name.
/// </summary>
public interface IStaticNames
{
    /// <summary>True when <paramref name="name"/> (lower case, no root dot) is a zone-file name or has one below it.</summary>
    bool IsAtOrAboveStaticName(ReadOnlySpan<char> name);
}
