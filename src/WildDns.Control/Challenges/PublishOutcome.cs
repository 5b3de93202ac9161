namespace WildDns.Control.Challenges;

/// <summary>What a publish did.</summary>
public enum PublishOutcome
{
    /// <summary>The value is new at its name and answered from now on.</summary>
    Added,

    /// <summary>The value was already published; its lifetime restarted.</summary>
    Refreshed,

    /// <summary>The name already holds the configured maximum of values; nothing changed.</summary>
    NameFull,

    /// <summary>As many values as <see cref="ChallengeOptions.MaxValues"/> are live across all names; nothing changed.</summary>
    StoreFull,
}
