using System.Reflection;
using FluentAssertions;
using WildDns.Registration.Secrets;
using Xunit;

namespace WildDns.Registration.Tests.Secrets;

public sealed class SecretCheckTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SecretPolicy Policy = new(TimeSpan.FromDays(30), MaxFailures: 3, Lockout: TimeSpan.FromMinutes(15));

    [Fact]
    public void A_secret_has_at_least_128_bits_and_only_its_digest_is_stored()
    {
        var secret = OneTimeSecret.Generate();

        secret.Should().MatchRegex("^[a-z2-7]{32}$");
        OneTimeSecret.Generate().Should().NotBe(secret);
        var state = SecretState.For(secret, Now.AddDays(30));
        state.Digest.Should().HaveCount(32).And.NotEqual(System.Text.Encoding.UTF8.GetBytes(secret));
        typeof(SecretState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => property.Name)
            .Should().NotContain(name => name.Equals("Secret", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, SecretState, string, SecretVerdict> Verdicts()
    {
        const string Secret = "abcdefghijklmnopqrstuvwxyz234567";
        var fresh = SecretState.For(Secret, Now.AddDays(1));
        return new()
        {
            { "the right secret", fresh, Secret, SecretVerdict.Accepted },
            { "a wrong secret", fresh, "abcdefghijklmnopqrstuvwxyz234566", SecretVerdict.Wrong },
            { "a prefix of the secret", fresh, Secret[..31], SecretVerdict.Wrong },
            { "the right secret after its expiry", fresh with { ExpiresAt = Now }, Secret, SecretVerdict.Expired },
            { "the right secret once spent", fresh with { SpentAt = Now.AddHours(-1), SpentOn = 4 }, Secret, SecretVerdict.Spent },
            { "a wrong secret once spent says wrong, not spent", fresh with { SpentAt = Now.AddHours(-1) }, "x", SecretVerdict.Wrong },
            { "the right secret while locked", fresh with { LockedUntil = Now.AddMinutes(1) }, Secret, SecretVerdict.Locked },
            { "the right secret when the lock has ended", fresh with { LockedUntil = Now }, Secret, SecretVerdict.Accepted },
        };
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void A_presented_secret_gets_its_verdict(string name, SecretState state, string presented, SecretVerdict expected)
    {
        SecretCheck.Check(state, presented, Now, Policy).Verdict.Should().Be(expected, name);
    }

    [Fact]
    public void Repeated_failures_lock_the_certid_and_a_success_before_that_clears_the_count()
    {
        var state = SecretState.For("right", Now.AddDays(1));

        (_, state) = SecretCheck.Check(state, "wrong", Now, Policy);
        (_, state) = SecretCheck.Check(state, "wrong", Now, Policy);
        state.Failures.Should().Be(2);
        (_, var cleared) = SecretCheck.Check(state, "right", Now, Policy);
        cleared.Failures.Should().Be(0);

        (var third, state) = SecretCheck.Check(state, "wrong", Now, Policy);
        third.Should().Be(SecretVerdict.Wrong);
        state.LockedUntil.Should().Be(Now + Policy.Lockout);
        SecretCheck.Check(state, "right", Now.AddMinutes(14), Policy).Verdict.Should().Be(SecretVerdict.Locked);
        SecretCheck.Check(state, "right", Now.AddMinutes(15), Policy).Verdict.Should().Be(SecretVerdict.Accepted);
    }

    [Fact]
    public void Secrets_are_compared_as_digests_in_constant_time()
    {
        // The comparison goes through CryptographicOperations.FixedTimeEquals over fixed-length digests; what can be
        // checked from outside is that length and common prefixes make no difference to the answer.
        var digest = OneTimeSecret.Digest("abcdefghijklmnopqrstuvwxyz234567");

        OneTimeSecret.Matches(digest, "abcdefghijklmnopqrstuvwxyz234567").Should().BeTrue();
        OneTimeSecret.Matches(digest, "abcdefghijklmnopqrstuvwxyz23456").Should().BeFalse();
        OneTimeSecret.Matches(digest, "abcdefghijklmnopqrstuvwxyz2345678").Should().BeFalse();
        OneTimeSecret.Matches(digest, string.Empty).Should().BeFalse();
    }
}
