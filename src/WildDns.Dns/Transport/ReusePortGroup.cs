using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WildDns.Dns.Transport;

/// <summary>
/// The SO_REUSEPORT sockets of one endpoint, one receive loop each, and where the kernel steers their datagrams
/// (Linux). A one-instruction classic BPF program sends light traffic to the first socket; when <see cref="SteeringPolicy"/>
/// says that loop needs help, a program that picks no socket lets the kernel's hash of the sender spread the traffic.
/// The loops report each batch; once per window one of them measures and, if the policy says so, swaps the program.
/// </summary>
internal sealed unsafe class ReusePortGroup
{
    private const int SolSocket = 1;
    private const int SoAttachReusePortCbpf = 51;
    private const ushort BpfReturnConstant = 0x06;
    private const int ClockThreadCpuTime = 3;

    // Each loop's counter sits 128 bytes from the next, so loops on different cores never write one cache line.
    private const int SlotStride = 16;

    /// <summary>How often the group measures its load, in <see cref="Stopwatch"/> ticks.</summary>
    public static long WindowTicks { get; } = Stopwatch.Frequency / 10;

    private readonly SteeringPolicy policy;
    private readonly long[] received;
    private readonly Lock gate = new();
    private int members;
    private volatile SteeringMode mode = SteeringMode.Spread;
    private long windowDeadline = long.MaxValue;
    private long windowStart;
    private long windowReceived;
    private double secondsPerDatagram;

    // The first loop's own measurements since it last measured; only its thread touches them.
    private long firstSince;
    private double firstCpuSince;
    private long firstDatagrams;
    private long firstReceives;

    public ReusePortGroup(int capacity, SteeringPolicy policy)
    {
        this.policy = policy;
        received = new long[Math.Max(1, capacity) * SlotStride];
    }

    public SteeringMode Mode => mode;

    /// <summary>Datagrams the given member's loop has received so far.</summary>
    public long Received(int member) => Volatile.Read(ref received[member * SlotStride]);

    /// <summary>
    /// Adds a bound socket to the group and returns its member number. The first member is where light traffic goes:
    /// the kernel numbers a group's sockets in the order they were bound, so it must also be the first one bound.
    /// </summary>
    public int Join(Socket socket)
    {
        if (members * SlotStride >= received.Length)
        {
            throw new InvalidOperationException("the socket group is full");
        }

        var member = members++;
        if (member == 0 && Attach((int)socket.Handle, SteeringMode.Concentrated))
        {
            // Without the program (no permission, an old kernel) the kernel's hash spreads traffic, as it always did.
            mode = SteeringMode.Concentrated;
            windowDeadline = 0;
        }

        return member;
    }

    /// <summary>
    /// Called by a member's loop after each batch of <paramref name="datagrams"/> it answered, with the time the batch
    /// arrived. Costs a few reads except once per window, when it may cost one measurement and one setsockopt.
    /// </summary>
    public void OnBatch(int member, int descriptor, int datagrams, long now)
    {
        ref var count = ref received[member * SlotStride];
        Volatile.Write(ref count, count + datagrams);
        if (member == 0)
        {
            firstDatagrams += datagrams;
            firstReceives++;
        }

        // While concentrated, only the first loop sees the traffic, so only it can judge it.
        if (now < Volatile.Read(ref windowDeadline) || (member != 0 && mode == SteeringMode.Concentrated) || !gate.TryEnter())
        {
            return;
        }

        try
        {
            if (now >= windowDeadline)
            {
                Measure(member, descriptor, now);
            }
        }
        finally
        {
            gate.Exit();
        }
    }

    private void Measure(int member, int descriptor, long now)
    {
        var total = 0L;
        for (var i = 0; i < members; i++)
        {
            total += Volatile.Read(ref received[i * SlotStride]);
        }

        var before = mode;
        if (member == 0)
        {
            var cpu = ThreadCpuSeconds();
            var cpuSpent = cpu - firstCpuSince;
            var datagrams = firstDatagrams;
            var wall = (now - firstSince) / (double)Stopwatch.Frequency;
            if (firstSince != 0 && before == SteeringMode.Concentrated
                && policy.ShouldSpread(cpuSpent / wall, datagrams, firstReceives) && Attach(descriptor, SteeringMode.Spread))
            {
                secondsPerDatagram = cpuSpent / datagrams;
                mode = SteeringMode.Spread;
            }

            firstSince = now;
            firstCpuSince = cpu;
            firstDatagrams = 0;
            firstReceives = 0;
        }

        var seconds = (now - windowStart) / (double)Stopwatch.Frequency;
        if (windowStart != 0 && before == SteeringMode.Spread
            && policy.ShouldConcentrate((total - windowReceived) / seconds, secondsPerDatagram) && Attach(descriptor, SteeringMode.Concentrated))
        {
            mode = SteeringMode.Concentrated;
        }

        windowStart = now;
        windowReceived = total;
        Volatile.Write(ref windowDeadline, now + WindowTicks);
    }

    /// <summary>
    /// Sets the group's program: "return 0" picks the first socket; "return 0xffffffff" picks no socket, and then the
    /// kernel falls back to its hash, exactly as with no program at all.
    /// </summary>
    private static bool Attach(int descriptor, SteeringMode steering)
    {
        var instruction = new SocketFilter
        {
            Code = BpfReturnConstant,
            Constant = steering == SteeringMode.Concentrated ? 0 : uint.MaxValue,
        };
        var program = new SocketFilterProgram { Length = 1, Filter = &instruction };
        return OperatingSystem.IsLinux() && setsockopt(descriptor, SolSocket, SoAttachReusePortCbpf, &program, sizeof(SocketFilterProgram)) == 0;
    }

    private static double ThreadCpuSeconds()
    {
        TimeSpec time;
        return clock_gettime(ClockThreadCpuTime, &time) == 0 ? time.Seconds + (time.Nanoseconds / 1e9) : 0;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(int socket, int level, int name, void* value, int length);

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, TimeSpec* time);

    /// <summary>struct sock_filter: one classic BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SocketFilter
    {
        public ushort Code;
        public byte JumpTrue;
        public byte JumpFalse;
        public uint Constant;
    }

    /// <summary>struct sock_fprog.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SocketFilterProgram
    {
        public ushort Length;
        public SocketFilter* Filter;
    }

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
