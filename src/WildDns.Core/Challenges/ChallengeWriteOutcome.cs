namespace WildDns.Core.Challenges;

/// <summary>What one change through <see cref="IChallengeWriter"/> did.</summary>
public enum ChallengeWriteOutcome
{
    /// <summary>The value is new at its name and answered from now on.</summary>
    Added,

    /// <summary>The value was already published; its lifetime restarted.</summary>
    Refreshed,

    /// <summary>The name already holds <see cref="IChallengeWriter.MaxValuesPerName"/> values; nothing changed.</summary>
    NameFull,

    /// <summary>The store holds as many live values as it may across all names; nothing changed.</summary>
    StoreFull,

    /// <summary>The value (or every value at the name) was removed.</summary>
    Removed,

    /// <summary>There was nothing to remove; nothing changed.</summary>
    NotPublished,
}
