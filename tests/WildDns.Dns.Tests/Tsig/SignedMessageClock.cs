namespace WildDns.Dns.Tests.Tsig;

/// <summary>A clock stopped at the time <see cref="SignedMessage"/> signs at, so its messages pass the time check.</summary>
internal sealed class SignedMessageClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(SignedMessage.Now);
}
