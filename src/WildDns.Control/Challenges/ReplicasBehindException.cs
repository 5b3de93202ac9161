using WildDns.Core.Challenges;

namespace WildDns.Control.Challenges;

/// <summary>
/// A change is in the shared store and answered here, but some live replicas did not serve it within the configured wait
/// (<c>WildDns:Store:PublishTimeout</c>); <see cref="Replicas"/> names them. A validator that asks one of them may not see it yet.
/// </summary>
public sealed class ReplicasBehindException : ChallengeWriteException
{
    public ReplicasBehindException()
    {
        Replicas = [];
    }

    public ReplicasBehindException(string message)
        : base(message)
    {
        Replicas = [];
    }

    public ReplicasBehindException(string message, Exception innerException)
        : base(message, innerException)
    {
        Replicas = [];
    }

    public ReplicasBehindException(long serial, IReadOnlyList<string> replicas, TimeSpan waited)
        : base($"the change (serial {serial}) is stored, but replica{(replicas.Count == 1 ? string.Empty : "s")} {string.Join(", ", replicas)} "
            + $"did not serve it within {waited.TotalSeconds:0.#} s (WildDns:Store:PublishTimeout); DNS answers may differ between nameservers until they do")
    {
        Serial = serial;
        Replicas = replicas;
    }

    /// <summary>The change serial that was awaited.</summary>
    public long Serial { get; }

    /// <summary>The ids of the live replicas that served an older serial when the wait ended.</summary>
    public IReadOnlyList<string> Replicas { get; }
}
