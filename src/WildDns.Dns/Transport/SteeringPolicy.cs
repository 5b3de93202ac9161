namespace WildDns.Dns.Transport;

/// <summary>
/// When a UDP socket group should send all its datagrams to one loop and when it should spread them over every loop.
/// On a loaded host most of the cost of a UDP answer is the kernel putting the receiving thread to sleep and waking
/// it, so one loop that finds two datagrams waiting per wake-up answers more cheaply than two loops that find one
/// each. Past a share of one core, queueing on the single loop costs more than the wake-ups it saves, and the loops
/// share the load. The thresholds leave a wide band between the two decisions, so the group does not flap.
/// </summary>
internal sealed class SteeringPolicy
{
    /// <summary>
    /// Spread once the one loop is busy (running, or ready to run and waiting for a core) for this share of the time,
    /// which leaves room for bursts.
    /// </summary>
    public double SpreadAtBusy { get; init; } = 0.6;

    /// <summary>Go back to one loop once the whole group's traffic would keep it busy for less than this share.</summary>
    public double ConcentrateBelowBusy { get; init; } = 0.35;

    /// <summary>Fewer datagrams than this in a window say nothing about load, whatever the shares.</summary>
    public long MinimumDatagrams { get; init; } = 100;

    /// <summary>Whether the one loop of a concentrated group needs the others, judged from one measurement window.</summary>
    /// <param name="busy">The time the loop was not asleep over the window's wall-clock time.</param>
    /// <param name="datagrams">Datagrams the loop received in the window.</param>
    public bool ShouldSpread(double busy, long datagrams) => datagrams >= MinimumDatagrams && busy >= SpreadAtBusy;

    /// <summary>Whether one loop could take a spread group's whole traffic again.</summary>
    /// <param name="datagramsPerSecond">Datagrams the whole group received per second over the window.</param>
    /// <param name="secondsPerDatagram">The busy time one datagram cost the one loop when it last ran alone.</param>
    public bool ShouldConcentrate(double datagramsPerSecond, double secondsPerDatagram) =>
        datagramsPerSecond * secondsPerDatagram < ConcentrateBelowBusy;
}
