using WildDns.Dns.Answers;

namespace WildDns.Dns.Transport;

/// <summary>Told of every answered message, for metrics; called on the receive thread, so it must be cheap and not allocate.</summary>
public interface IAnswerObserver
{
    /// <param name="outcome">What was answered.</param>
    /// <param name="transport">Where it came from.</param>
    /// <param name="startTimestamp">A <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> taken when the message arrived.</param>
    void OnAnswered(in AnswerOutcome outcome, DnsTransport transport, long startTimestamp);

    /// <summary>A TCP connection opened (+1) or closed (-1).</summary>
    void OnTcpConnections(int delta);
}
