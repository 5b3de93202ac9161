namespace WildDns.Core.Challenges;

/// <summary>
/// The shared store behind an <see cref="IChallengeWriter"/> cannot be reached: nothing was changed (never a change
/// kept in one server's memory only), and the values already published are still answered.
/// </summary>
public sealed class ChallengeStoreUnavailableException : ChallengeWriteException
{
    /// <summary>The first words of every message, which clients and tests look for.</summary>
    public const string Summary = "the store is unavailable";

    public ChallengeStoreUnavailableException()
        : base(Summary)
    {
    }

    public ChallengeStoreUnavailableException(string message)
        : base(message)
    {
    }

    public ChallengeStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
