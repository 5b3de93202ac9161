using System.Diagnostics;

namespace WildDns.Bench.Load;

/// <summary>
/// One bounded run: opens the channels, drives them on dedicated threads (one per channel in closed
/// loop, a sender and a receiver per channel in open loop), and sums what they counted.
/// Dedicated blocking threads, not tasks: a thread-pool hop per answer would cost more than the
/// server's own work and cap the generator below the servers it measures.
/// </summary>
public static class LoadRun
{
    public static LoadReport Execute(LoadOptions options, QuerySet queries)
    {
        var channels = new IQueryChannel[options.Concurrency];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = options.Tcp
                ? new TcpChannel(options.Server, queries, i, channels.Length, Math.Max(options.Window, 256), options.Timeout)
                : new UdpChannel(options.Server, queries, i, channels.Length, options.Timeout);
        }

        try
        {
            var connectBy = Stopwatch.GetTimestamp() + Ticks(options.Timeout);
            foreach (var channel in channels)
            {
                if (channel is TcpChannel tcp && !tcp.TryConnect(connectBy))
                {
                    throw new InvalidOperationException($"cannot connect to {options.Server} over TCP.");
                }
            }

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            var stopAt = start + Ticks(options.Duration);
            var drainUntil = stopAt + Ticks(options.Timeout);
            var threads = options.Rate is { } rate
                ? StartOpenLoop(channels, (double)rate / channels.Length, start, stopAt, drainUntil)
                : StartClosedLoop(channels, options.Window, stopAt, drainUntil);

            // Every loop returns by drainUntil; the grace period only guards against a thread stuck in
            // a system call, and the threads are background threads, so the process exits regardless.
            var joinBy = drainUntil + Ticks(TimeSpan.FromSeconds(2));
            foreach (var thread in threads)
            {
                thread.Join(TimeSpan.FromTicks(Math.Max(0, (joinBy - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            // Thread start-up allocates a little; anything proportional to the query count would show here.
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var total = new ResponseTally();
            foreach (var channel in channels)
            {
                total.Add(channel.Tally);
            }

            return new LoadReport(options, total, options.Duration, cpu, allocated);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static List<Thread> StartClosedLoop(IQueryChannel[] channels, int window, long stopAt, long drainUntil)
    {
        var threads = new List<Thread>();
        foreach (var channel in channels)
        {
            threads.Add(Start($"load-{threads.Count}", () => channel.RunClosedLoop(window, stopAt, drainUntil)));
        }

        return threads;
    }

    private static List<Thread> StartOpenLoop(IQueryChannel[] channels, double ratePerChannel, long start, long stopAt, long drainUntil)
    {
        var threads = new List<Thread>();
        foreach (var channel in channels)
        {
            var done = new StopSignal();
            threads.Add(Start($"send-{threads.Count}", () =>
            {
                channel.RunOpenLoopSender(start, ratePerChannel, stopAt);
                done.Set();
            }));
            threads.Add(Start($"receive-{threads.Count}", () => channel.RunOpenLoopReceiver(done.IsSet, drainUntil)));
        }

        return threads;
    }

    private static Thread Start(string name, ThreadStart body)
    {
        var thread = new Thread(body) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
