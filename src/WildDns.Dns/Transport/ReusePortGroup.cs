using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WildDns.Dns.Transport;

/// <summary>
/// The SO_REUSEPORT sockets of one endpoint, one receive loop each, and where the kernel steers their datagrams
/// (Linux). A one-instruction classic BPF program sends light traffic to the first socket; when <see cref="SteeringPolicy"/>
/// says that loop needs help, another program deals datagrams out over every socket.
/// The loops report each batch; once per window one of them measures and, if the policy says so, swaps the program.
/// Both programs pick only among the sockets this group bound, so a socket another process adds to the group later
/// (Linux lets any socket of the same user with SO_REUSEPORT join) never receives a datagram.
/// </summary>
internal sealed unsafe class ReusePortGroup
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int SoAttachReusePortCbpf = 51;
    private const ushort BpfReturnConstant = 0x06;
    private const ushort BpfReturnAccumulator = 0x16;
    private const ushort BpfLoadWordAbsolute = 0x20;
    private const ushort BpfModuloConstant = 0x94;

    // SKF_AD_OFF + SKF_AD_RANDOM: an absolute load from here reads a fresh pseudo-random number.
    private const uint AncillaryRandom = unchecked((uint)(-0x1000 + 56));
    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;

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
    private int firstSchedulerStats = -1;
    private long firstSince;
    private long firstBusySince;
    private long firstDatagrams;

    public ReusePortGroup(int capacity, SteeringPolicy policy)
    {
        this.policy = policy;
        received = new long[Math.Max(1, capacity) * SlotStride];
    }

    public SteeringMode Mode => mode;

    /// <summary>
    /// True once the first member carries a steering program. Without one the kernel's hash of the sender deals
    /// datagrams over every socket in the group, a stranger's too, so the caller should not build the group.
    /// </summary>
    public bool HasProgram { get; private set; }

    /// <summary>
    /// Binds a socket into the group (SO_REUSEPORT, then bind) and returns its member number. The first member is where
    /// light traffic goes: the kernel numbers a group's sockets in the order they were bound.
    /// </summary>
    public int Bind(Socket socket, EndPoint endpoint)
    {
        if (members * SlotStride >= received.Length)
        {
            throw new InvalidOperationException("the socket group is full");
        }

        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        socket.Bind(endpoint);
        var member = members++;
        if (member == 0 && Attach((int)socket.Handle, SteeringMode.Concentrated))
        {
            // Without a program (no permission, an old kernel) HasProgram stays false, and the server does without the group.
            mode = SteeringMode.Concentrated;
            windowDeadline = 0;
            HasProgram = true;
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

    /// <summary>Called by a member's loop as it ends, on its own thread: the first loop's figures are closed there.</summary>
    public void Leave(int member)
    {
        if (member == 0 && firstSchedulerStats >= 0)
        {
            close(firstSchedulerStats);
            firstSchedulerStats = -1;
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
            var busy = FirstLoopBusyNanoseconds();
            if (busy < 0)
            {
                // Without the scheduler's figures the load cannot be judged: leave it to the kernel's hash for good.
                Attach(descriptor, SteeringMode.Spread);
                mode = SteeringMode.Spread;
                Volatile.Write(ref windowDeadline, long.MaxValue);
                return;
            }

            var busySeconds = (busy - firstBusySince) / 1e9;
            var datagrams = firstDatagrams;
            var wall = (now - firstSince) / (double)Stopwatch.Frequency;
            if (firstSince != 0 && before == SteeringMode.Concentrated
                && policy.ShouldSpread(busySeconds / wall, datagrams) && Attach(descriptor, SteeringMode.Spread))
            {
                secondsPerDatagram = busySeconds / datagrams;
                mode = SteeringMode.Spread;
            }

            firstSince = now;
            firstBusySince = busy;
            firstDatagrams = 0;
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
    /// Sets the group's program. Concentrated: "return 0" picks the first socket. Spread: "return a random number
    /// modulo the group's size" picks a socket per datagram, which shares the load evenly even when a few senders
    /// bring all of it, where the kernel's own hash of the sender would leave loops idle. DNS over UDP has no order
    /// to keep between two queries.
    /// </summary>
    private bool Attach(int descriptor, SteeringMode steering)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var instructions = stackalloc SocketFilter[3];
        var length = 1;
        if (steering == SteeringMode.Concentrated)
        {
            instructions[0] = new SocketFilter { Code = BpfReturnConstant, Constant = 0 };
        }
        else
        {
            instructions[0] = new SocketFilter { Code = BpfLoadWordAbsolute, Constant = AncillaryRandom };
            instructions[1] = new SocketFilter { Code = BpfModuloConstant, Constant = (uint)members };
            instructions[2] = new SocketFilter { Code = BpfReturnAccumulator };
            length = 3;
        }

        var program = new SocketFilterProgram { Length = (ushort)length, Filter = instructions };
        return setsockopt(descriptor, SolSocket, SoAttachReusePortCbpf, &program, sizeof(SocketFilterProgram)) == 0;
    }

    /// <summary>
    /// How long the first loop's thread has been running or waiting to run, from /proc/thread-self/schedstat (run
    /// time, then run-queue wait, in nanoseconds); -1 when the kernel does not keep the figures. Time spent waiting for
    /// a core counts as busy: a loop that is never asleep is behind, even if other work holds the core it runs on.
    /// </summary>
    private long FirstLoopBusyNanoseconds()
    {
        if (firstSchedulerStats < 0)
        {
            var path = "/proc/thread-self/schedstat\0"u8;
            fixed (byte* name = path)
            {
                firstSchedulerStats = open(name, OpenReadOnly | OpenCloseOnExec);
            }

            if (firstSchedulerStats < 0)
            {
                return -1;
            }
        }

        var text = stackalloc byte[96];
        var length = pread(firstSchedulerStats, text, 96, 0);
        var fields = new ReadOnlySpan<byte>(text, (int)Math.Max(0, length));
        var running = 0L;
        var total = 0L;
        var field = 0;
        foreach (var character in fields)
        {
            if (character is >= (byte)'0' and <= (byte)'9')
            {
                running = (running * 10) + (character - '0');
            }
            else if (++field == 2)
            {
                return total + running;
            }
            else
            {
                total = running;
                running = 0;
            }
        }

        return -1;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(int socket, int level, int name, void* value, int length);

    [DllImport("libc")]
    private static extern int open(byte* path, int flags);

    [DllImport("libc")]
    private static extern nint pread(int descriptor, byte* buffer, nint count, long offset);

    [DllImport("libc")]
    private static extern int close(int descriptor);

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
}
