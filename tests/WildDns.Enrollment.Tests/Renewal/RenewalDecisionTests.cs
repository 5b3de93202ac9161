using FluentAssertions;
using WildDns.Enrollment.Renewal;
using Xunit;

namespace WildDns.Enrollment.Tests.Renewal;

public sealed class RenewalDecisionTests
{
    // A 90-day certificate: the last third starts on day 60.
    private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = NotBefore.AddDays(90);

    [Theory]
    [InlineData("fresh", 1.0, false, RenewalOutcome.NotDue)]
    [InlineData("a second before the last third", 60.0 - (1.0 / 86400), false, RenewalOutcome.NotDue)]
    [InlineData("at the start of the last third", 60.0, false, RenewalOutcome.Due)]
    [InlineData("a day before expiry", 89.0, false, RenewalOutcome.Due)]
    [InlineData("forced when fresh", 1.0, true, RenewalOutcome.Forced)]
    [InlineData("expired", 90.0, false, RenewalOutcome.Expired)]
    [InlineData("expired and forced", 91.0, true, RenewalOutcome.Expired)]
    public void Decide_RenewsInTheLastThird(string scenario, double day, bool force, RenewalOutcome expected)
    {
        var decision = RenewalDecision.Decide(NotBefore, NotAfter, NotBefore.AddDays(day), force);

        decision.Outcome.Should().Be(expected);
        decision.DueAt.Should().Be(NotBefore.AddDays(60));
        decision.ShouldRenew.Should().Be(expected != RenewalOutcome.NotDue);
    }
}
