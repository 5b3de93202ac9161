namespace WildDns.Bench.Load;

/// <summary>
/// A socket or connection that sends queries and counts their answers. Timestamps are
/// <see cref="System.Diagnostics.Stopwatch"/> ticks; every method returns by the deadline it is given.
/// </summary>
public interface IQueryChannel : IDisposable
{
    ResponseTally Tally { get; }

    /// <summary>Keeps <paramref name="window"/> queries outstanding until <paramref name="stopAt"/>, then waits for answers until <paramref name="drainUntil"/>.</summary>
    void RunClosedLoop(int window, long stopAt, long drainUntil);

    /// <summary>Sends <paramref name="queriesPerSecond"/> queries paced by clock from <paramref name="start"/> until <paramref name="stopAt"/>.</summary>
    void RunOpenLoopSender(long start, double queriesPerSecond, long stopAt);

    /// <summary>Counts answers until the sender is done and every answer is in, or until <paramref name="drainUntil"/>.</summary>
    void RunOpenLoopReceiver(Func<bool> senderDone, long drainUntil);
}
