namespace WildDns.Core.Synthesis;

/// <summary>Which type label, if any, a scope holds (SPEC §2 rule 1).</summary>
public enum TypeLabel
{
    None,
    Address,
    Alias,
}
