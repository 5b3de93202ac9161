using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Dns.RateLimiting;
using Xunit;

namespace WildDns.Dns.Tests.RateLimiting;

/// <summary>The token buckets on a clock moved by hand: burst, rate, slip, independence of keys, a fixed table.</summary>
public sealed class ResponseRateLimiterTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void Decide_AnswersTheBurstThenLimits()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 20, Burst = 40 }, clock);

        var decisions = Enumerable.Range(0, 44).Select(_ => limiter.Decide(7)).ToArray();

        decisions[..40].Should().AllBeEquivalentTo(RateLimitDecision.Answer);
        decisions[40..].Should().Equal(RateLimitDecision.Drop, RateLimitDecision.Slip, RateLimitDecision.Drop, RateLimitDecision.Slip);
    }

    [Theory]
    [InlineData("slip 0: every limited response dropped", 0, new[] { RateLimitDecision.Drop, RateLimitDecision.Drop, RateLimitDecision.Drop, RateLimitDecision.Drop })]
    [InlineData("slip 1: every limited response truncated", 1, new[] { RateLimitDecision.Slip, RateLimitDecision.Slip, RateLimitDecision.Slip, RateLimitDecision.Slip })]
    [InlineData("slip 3: every third truncated", 3, new[] { RateLimitDecision.Drop, RateLimitDecision.Drop, RateLimitDecision.Slip, RateLimitDecision.Drop })]
    public void Decide_SlipsEveryNthLimitedResponse(string scenario, int slip, RateLimitDecision[] expected)
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 10, Burst = 1, Slip = slip }, clock);
        limiter.Decide(1).Should().Be(RateLimitDecision.Answer, scenario);

        Enumerable.Range(0, 4).Select(_ => limiter.Decide(1)).ToArray().Should().Equal(expected, scenario);
    }

    [Theory]
    [InlineData("just before the interval: still limited", 99, RateLimitDecision.Drop)]
    [InlineData("one interval (1/10 s) on: one more answer", 100, RateLimitDecision.Answer)]
    public void Decide_RefillsOneResponsePerInterval(string scenario, int milliseconds, RateLimitDecision expected)
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 10, Burst = 2, Slip = 0 }, clock);
        limiter.Decide(1);
        limiter.Decide(1);
        limiter.Decide(1).Should().Be(RateLimitDecision.Drop);

        clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

        limiter.Decide(1).Should().Be(expected, scenario);
    }

    [Fact]
    public void Decide_HoldsAFloodAtTenTimesTheRateToTheRatePlusTheBurst()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 20, Burst = 40 }, clock);
        var answered = 0;

        // 200 per second for 10 s, one every 5 ms.
        for (var i = 0; i < 2000; i++)
        {
            answered += limiter.Decide(42) == RateLimitDecision.Answer ? 1 : 0;
            clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        answered.Should().BeInRange(40 + 200 - 1, 40 + 200 + 1);
    }

    [Fact]
    public void Decide_KeepsEveryKeysBucketApart()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 5, Burst = 5 }, clock);
        for (var i = 0; i < 50; i++)
        {
            limiter.Decide(1);
        }

        Enumerable.Range(0, 5).Select(_ => limiter.Decide(2)).ToArray().Should().AllBeEquivalentTo(RateLimitDecision.Answer);
        limiter.Decide(1).Should().NotBe(RateLimitDecision.Answer);
    }

    [Fact]
    public void Decide_KeepsALimitingBucketWhileOtherKeysCycleThroughItsSet()
    {
        // One set of four buckets: every key lands in it.
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Burst = 3, Slip = 0, TableSize = 4 }, clock);
        for (var i = 0; i < 10; i++)
        {
            limiter.Decide(0x100);
        }

        for (uint other = 2; other <= 50; other++)
        {
            limiter.Decide(other << 8).Should().Be(RateLimitDecision.Answer, "a new key starts with a full bucket");
        }

        limiter.Decide(0x100).Should().Be(RateLimitDecision.Drop, "the flooded bucket was the last to be evicted");
        limiter.Capacity.Should().Be(4);
    }

    [Fact]
    public void Decide_AllocatesNothing()
    {
        // The system clock, as in production. The first round pays the runtime's one-time costs (tiered compilation of
        // the loop, among them); the rounds after it are the steady state.
        var limiter = new ResponseRateLimiter(new RateLimitOptions());
        uint calls = 0;

        SteadyAllocation.BytesPerRound(() => limiter.Decide(calls++ % 97), callsPerRound: 10_000).Should().Be(0L);
    }
}
