using FluentAssertions;
using WildDns.Acme.Api;
using Xunit;

namespace WildDns.Acme.Tests.Api;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2015, 10, 21, 7, 20, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("delta-seconds", "120", 120.0)]
    [InlineData("zero seconds", "0", 0.0)]
    [InlineData("whitespace around", " 30 ", 30.0)]
    [InlineData("HTTP-date eight minutes on", "Wed, 21 Oct 2015 07:28:00 GMT", 480.0)]
    [InlineData("HTTP-date in the past", "Wed, 21 Oct 2015 07:00:00 GMT", 0.0)]
    public void ReadableValuesGiveTheWait(string scenario, string value, double seconds) =>
        RetryAfter.Parse(value, Now).Should().Be(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("absent", null)]
    [InlineData("empty", "")]
    [InlineData("negative", "-5")]
    [InlineData("fraction", "1.5")]
    [InlineData("words", "soon")]
    [InlineData("too large to be a wait", "99999999999999999999999")]
    [InlineData("date in another format", "2015-10-21T07:28:00Z")]
    public void UnreadableValuesGiveNone(string scenario, string? value) =>
        RetryAfter.Parse(value, Now).Should().BeNull();

    [Theory]
    [InlineData("no Retry-After: the interval", null, 1.0)]
    [InlineData("within bounds: as asked", 7.0, 7.0)]
    [InlineData("longer than the cap: the cap", 3600.0, 30.0)]
    public void PollingHonoursRetryAfterWithinItsCap(string scenario, double? retryAfter, double expected) =>
        new PollingOptions().DelayFor(retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null).Should().Be(TimeSpan.FromSeconds(expected));
}
