using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FluentAssertions;
using WildDns.Tests.Harness;
using WildDns.Tests.Operations;
using Xunit;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Issue 14, reflection: a real <c>wilddns serve</c> with its default rate limit (20 identical answers a second per /24,
/// a burst of 40, slip 2) flooded with one query from one loopback address at ten times the limit, as a reflection attack
/// with a forged source looks to the server. The NS set at the apex is the query: 6.2 times the bytes of the question.
/// </summary>
public sealed partial class ReflectionProtectionTests
{
    private const string Apex = "cert.example.com";
    private const ushort Ns = 2;
    private const int FloodRate = 200;
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_flood_from_one_source_is_mostly_slipped_or_dropped_while_another_network_is_answered()
    {
        await using var server = await ServerProcess.StartAsync();
        var flood = Task.Run(() => SendAsync(server.DnsEndpoint, IPAddress.Parse("127.0.0.2"), FloodRate, FloodTime));
        var other = Task.Run(() => SendAsync(server.DnsEndpoint, IPAddress.Parse("127.0.1.2"), 5, FloodTime));
        var (flooded, bystander) = (await flood, await other);

        // At most the burst and the rate over the flood, with a second of slack for a loaded machine's pacing.
        var allowed = 40 + (20 * (FloodTime.TotalSeconds + 1));
        flooded.Full.Should().BeLessThanOrEqualTo((int)allowed, flooded.ToString());
        flooded.Full.Should().BeLessThan(flooded.Sent / 4, "most of a flood at 10x the limit is limited: " + flooded);
        flooded.Truncated.Should().BeGreaterThan(flooded.Sent / 5, "every second limited answer slips out truncated: " + flooded);
        (flooded.Full + flooded.Truncated).Should().BeLessThan(flooded.Sent * 3 / 4, "the rest is dropped: " + flooded);
        (bystander.Full, bystander.Truncated).Should().Be((bystander.Sent, 0), "another /24 asking the same is answered in full: " + bystander);

        var metrics = await MetricsScrape.ReadAsync(server.OpsAddress);
        metrics.Sum("wilddns_dns_rrl_limited_total").Should().Be(flooded.Sent - flooded.Full, metrics.Text);
        metrics.Sum("wilddns_dns_rrl_slipped_total").Should().Be(flooded.Truncated, metrics.Text);
        metrics.Sum("wilddns_dns_rrl_dropped_total").Should().Be(flooded.Sent - flooded.Full - flooded.Truncated, metrics.Text);
    }

    [RequiresToolsFact("kdig")]
    public async Task Kdig_with_a_cookie_gets_a_server_cookie_and_is_then_answered_in_full_during_a_flood_from_its_network()
    {
        await using var server = await ServerProcess.StartAsync();

        // The first exchange: a client cookie alone, answered with the 24-byte cookie (client and server parts).
        var first = await KdigAsync(server.DnsPort, "+cookie");
        var cookie = CookieLine().Match(first.Output);
        cookie.Success.Should().BeTrue(first.Output);
        Answered(first.Output).Should().BeTrue(first.Output);

        // Then a flood of the same query from the same /24; the cookie proves kdig's address, so it is never limited.
        var flood = Task.Run(() => SendAsync(server.DnsEndpoint, IPAddress.Parse("127.0.0.2"), FloodRate, TimeSpan.FromSeconds(8)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        for (var i = 0; i < 5; i++)
        {
            var again = await KdigAsync(server.DnsPort, $"+cookie={cookie.Groups[1].Value}");
            Answered(again.Output).Should().BeTrue(again.Output);
            CookieLine().Match(again.Output).Groups[1].Value.Should().Be(cookie.Groups[1].Value, "a fresh cookie is echoed: " + again.Output);
        }

        var flooded = await flood;
        flooded.Full.Should().BeLessThan(flooded.Sent / 4, flooded.ToString());
        var metrics = await MetricsScrape.ReadAsync(server.OpsAddress);
        metrics.Sum("wilddns_dns_cookies_total", ("wilddns_cookie_result", "valid")).Should().Be(5, metrics.Text);
    }

    private static bool Answered(string kdigOutput) =>
        kdigOutput.Contains("status: NOERROR", StringComparison.Ordinal)
        && FlagsLine().Match(kdigOutput) is { Success: true } flags && !flags.Groups[1].Value.Split(' ').Contains("tc")
        && kdigOutput.Contains("ANSWER: 2;", StringComparison.Ordinal);

    private static Task<Testing.ChildProcess> KdigAsync(int port, string cookie) =>
        Testing.ChildProcess.RunAsync(
            ExternalTool.Require("kdig", "knot-dnsutils"),
            ["-b", "127.0.0.4", "@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+notcp", "+retry=0", "+timeout=3", cookie, Apex, "NS"],
            TimeSpan.FromSeconds(30));

    /// <summary>Sends the NS query from <paramref name="source"/> at <paramref name="rate"/> a second for <paramref name="duration"/>, and sorts the answers.</summary>
    private static async Task<FloodResult> SendAsync(IPEndPoint server, IPAddress source, int rate, TimeSpan duration)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(source, 0));
        socket.Connect(server);
        var query = RawQuery.Build(0x5151, Apex, Ns);
        var result = new FloodResult();
        var receiving = Task.Run(() => ReceiveAll(socket, result, duration + TimeSpan.FromSeconds(2)));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            // Paced by the clock: after a stall the sender catches up, so the average rate holds.
            while (result.Sent < clock.Elapsed.TotalSeconds * rate)
            {
                socket.Send(query);
                result.Sent++;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        await receiving;
        return result;
    }

    private static void ReceiveAll(Socket socket, FloodResult result, TimeSpan until)
    {
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        socket.ReceiveTimeout = 250;
        while (clock.Elapsed < until)
        {
            try
            {
                var length = socket.Receive(buffer);
                if (length >= 12 && (buffer[2] & 0x02) != 0)
                {
                    result.Truncated++;
                }
                else if (length >= 12 && buffer[7] > 0)
                {
                    result.Full++;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                // Nothing this quarter second; keep listening until the end.
            }
        }
    }

    [GeneratedRegex(@"COOKIE: ([0-9A-Fa-f]{48})")]
    private static partial Regex CookieLine();

    [GeneratedRegex(@"Flags: ([a-z ]*);")]
    private static partial Regex FlagsLine();

    private sealed class FloodResult
    {
        public int Sent { get; set; }

        public int Full { get; set; }

        public int Truncated { get; set; }

        public override string ToString() => $"sent {Sent}, answered in full {Full}, truncated {Truncated}, nothing {Sent - Full - Truncated}";
    }
}
