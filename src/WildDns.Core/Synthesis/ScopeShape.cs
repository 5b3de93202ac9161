namespace WildDns.Core.Synthesis;

/// <summary>What a run of labels between payload and zone holds, when read as a scope.</summary>
internal readonly record struct ScopeShape(int Identifiers, TypeLabel TypeLabel, DecisionReason? Error)
{
    public bool IsValid => Error is null;
}
