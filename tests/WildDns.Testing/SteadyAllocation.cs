namespace WildDns.Testing;

/// <summary>
/// What a call allocates on this thread once warm: after a first round that pays the runtime's one-time costs, the
/// least of several rounds of calls. An allocation per call shows in every round; the runtime's own rare allocations on
/// the thread, while it recompiles hot code on a busy machine, show in one round at most.
/// </summary>
public static class SteadyAllocation
{
    /// <summary>
    /// The fewest bytes any of <paramref name="rounds"/> measured rounds of <paramref name="callsPerRound"/> calls
    /// allocated, after one round that is not measured.
    /// </summary>
    public static long BytesPerRound(Action call, int callsPerRound = 1000, int rounds = 4)
    {
        ArgumentNullException.ThrowIfNull(call);
        var least = long.MaxValue;
        for (var round = 0; round <= rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerRound; i++)
            {
                call();
            }

            if (round > 0)
            {
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        return least;
    }
}
