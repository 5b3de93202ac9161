namespace WildDns.Core.Challenges;

/// <summary>
/// An <see cref="IChallengeWriter"/> change that could not be made or could not be confirmed; the message says which
/// and why, in words an operator can act on. A front end answers it with its own failure code (gRPC status, SERVFAIL).
/// </summary>
public class ChallengeWriteException : Exception
{
    public ChallengeWriteException()
    {
    }

    public ChallengeWriteException(string message)
        : base(message)
    {
    }

    public ChallengeWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
