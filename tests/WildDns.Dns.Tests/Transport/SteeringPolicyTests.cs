using FluentAssertions;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>When a UDP socket group moves between one loop and all of them.</summary>
public sealed class SteeringPolicyTests
{
    private static readonly SteeringPolicy Policy = new();

    public static TheoryData<string, double, long, bool> SpreadCases() => new()
    {
        { "idle", 0.0, 0, false },
        { "a trickle, however slow each answer", 0.9, 50, false },
        { "light load", 0.05, 2_000, false },
        { "a quarter of a core", 0.26, 20_000, false },
        { "a burst that came and went within the window", 0.3, 16_000, false },
        { "busy for most of the window", 0.6, 50_000, true },
        { "never asleep", 1.0, 80_000, true },
    };

    public static TheoryData<string, double, double, bool> ConcentrateCases() => new()
    {
        { "idle", 0, 13e-6, true },
        { "2k qps at 13 µs each", 2_000, 13e-6, true },
        { "20k qps at 13 µs each", 20_000, 13e-6, true },
        { "30k qps at 13 µs each: more than a third of a core", 30_000, 13e-6, false },
        { "peak load", 150_000, 7e-6, false },
    };

    [Theory]
    [MemberData(nameof(SpreadCases))]
    public void ShouldSpread(string load, double busy, long datagrams, bool expected)
    {
        Policy.ShouldSpread(busy, datagrams).Should().Be(expected, load);
    }

    [Theory]
    [MemberData(nameof(ConcentrateCases))]
    public void ShouldConcentrate(string load, double datagramsPerSecond, double secondsPerDatagram, bool expected)
    {
        Policy.ShouldConcentrate(datagramsPerSecond, secondsPerDatagram).Should().Be(expected, load);
    }

    [Fact]
    public void AtTheLoadThatSpreadAGroup_ItStaysSpread_UntilTheLoadFallsBelowTheLowerThreshold()
    {
        // The band between the two thresholds is what keeps a group from flapping at a steady load: a load that made
        // the one loop spread can never look light enough to concentrate again at the same cost per datagram.
        var secondsPerDatagram = 13e-6;
        var spreadRate = Policy.SpreadAtBusy / secondsPerDatagram;
        Policy.ShouldConcentrate(spreadRate, secondsPerDatagram).Should().BeFalse();
        Policy.ShouldConcentrate(spreadRate * Policy.ConcentrateBelowBusy / Policy.SpreadAtBusy * 0.99, secondsPerDatagram).Should().BeTrue();
    }
}
