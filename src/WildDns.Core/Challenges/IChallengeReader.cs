namespace WildDns.Core.Challenges;

/// <summary>
/// The DNS answer path's view of published challenge values. Implementations answer from memory without
/// allocating and are safe to call from many threads while values are published.
/// </summary>
public interface IChallengeReader
{
    /// <summary>
    /// The live values at a name, in publishing order; empty when there are none.
    /// <paramref name="name"/> is lower case without the root dot, e.g. <c>_acme-challenge.abc.cert.example.com</c>.
    /// </summary>
    ReadOnlySpan<string> Find(ReadOnlySpan<char> name);
}
