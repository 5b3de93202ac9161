using System.Net;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using WildDns.Enrollment.Est;
using Xunit;

namespace WildDns.Enrollment.Tests.Est;

public sealed class PendingEnrollmentTests
{
    [Theory]
    [InlineData("Retry-After honoured", 30, 3, new[] { 0, 30, 60 })]
    [InlineData("no Retry-After: the default wait", -1, 3, new[] { 0, 10, 20 })]
    [InlineData("Retry-After 0: at least a second", 0, 3, new[] { 0, 1, 2 })]
    [InlineData("a far Retry-After: checked every five minutes", 3600, 2, new[] { 0, 300 })]
    public async Task RunAsync_AsksAgainAsRetryAfterSays_UntilIssued(string scenario, int retryAfterSeconds, int pendingAnswers, int[] expectedSeconds)
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var attempts = new List<int>();
        TimeSpan? retryAfter = retryAfterSeconds < 0 ? null : TimeSpan.FromSeconds(retryAfterSeconds);

        var run = new PendingEnrollment(clock, TimeSpan.FromHours(1)).RunAsync(
            _ =>
            {
                attempts.Add((int)(clock.GetUtcNow() - start).TotalSeconds);
                return Task.FromResult(attempts.Count < pendingAnswers ? Pending(retryAfter) : Issued());
            },
            _ => { },
            CancellationToken.None);
        var response = await Drive(clock, run);

        response.Outcome.Should().Be(EstOutcome.Issued);
        // Each attempt at the expected second, or a little later when the test machine is slow to run the continuation.
        attempts.Should().HaveCount(expectedSeconds.Length);
        attempts.Zip(expectedSeconds).Should().OnlyContain(pair => pair.First >= pair.Second && pair.First <= pair.Second + 2);
    }

    [Fact]
    public async Task RunAsync_WhenTheWaitRunsOut_ReturnsThePendingAnswer_AndSaidSoOnEachWait()
    {
        var clock = new FakeTimeProvider();
        var attempts = 0;
        var progress = new List<string>();

        var run = new PendingEnrollment(clock, TimeSpan.FromSeconds(75)).RunAsync(
            _ =>
            {
                attempts++;
                return Task.FromResult(Pending(TimeSpan.FromSeconds(30)));
            },
            progress.Add,
            CancellationToken.None);
        var response = await Drive(clock, run);

        response.Outcome.Should().Be(EstOutcome.Pending);
        attempts.Should().Be(4, "at 0, 30, 60 and at the deadline, 75 s");
        progress.Should().HaveCount(3).And.AllSatisfy(line => line.Should().Contain("not ready yet"));
    }

    [Fact]
    public async Task RunAsync_ARefusal_EndsAtOnce()
    {
        var clock = new FakeTimeProvider();
        var attempts = 0;

        var response = await new PendingEnrollment(clock, TimeSpan.FromHours(1)).RunAsync(
            _ =>
            {
                attempts++;
                return Task.FromResult(new EstResponse(EstOutcome.Refused, HttpStatusCode.Unauthorized, [], null, "wrong secret"));
            },
            _ => { },
            CancellationToken.None);

        response.Reason.Should().Be("wrong secret");
        attempts.Should().Be(1);
    }

    private static async Task<EstResponse> Drive(FakeTimeProvider clock, Task<EstResponse> run)
    {
        // Moves the fake clock a second at a time until the run ends; bounded at two simulated hours.
        for (var i = 0; i < 7200 && !run.IsCompleted; i++)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static EstResponse Pending(TimeSpan? retryAfter) => new(EstOutcome.Pending, HttpStatusCode.Accepted, [], retryAfter, "accepted");

    private static EstResponse Issued() => new(EstOutcome.Issued, HttpStatusCode.OK, [], null, "issued");
}
