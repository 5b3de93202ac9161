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

    /// <summary>
    /// Grows by at least one with every change to the published values and never goes back, across restarts too; the
    /// answer path adds it to each zone's SOA serial so that secondaries and ACME clients see every change (RFC 1982
    /// arithmetic). A reader whose values never change may leave it at 0.
    /// </summary>
    long Serial => 0;
}
