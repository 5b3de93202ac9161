using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Control.Service;
using Xunit;

namespace WildDns.Control.Tests.Service;

/// <summary>A flood of refused calls writes a bounded number of warnings, and the next one written says how many were held back.</summary>
public sealed class LogThrottleTests
{
    [Fact]
    public void Entries_beyond_the_limit_are_held_back_until_the_window_passes_and_then_counted()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, perWindow: 3, TimeSpan.FromMinutes(1));

        var written = Enumerable.Range(0, 100).Count(_ => throttle.TryEnter(out _));
        time.Advance(TimeSpan.FromSeconds(59));
        var stillHeld = throttle.TryEnter(out _);
        time.Advance(TimeSpan.FromSeconds(1));
        var next = throttle.TryEnter(out var heldBack);
        throttle.TryEnter(out var heldBackAfter);

        written.Should().Be(3);
        stillHeld.Should().BeFalse();
        next.Should().BeTrue();
        heldBack.Should().Be(98);
        heldBackAfter.Should().Be(0);
    }
}
