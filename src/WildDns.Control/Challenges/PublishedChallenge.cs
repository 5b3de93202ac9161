namespace WildDns.Control.Challenges;

/// <summary>One live value at a challenge name. <see cref="Name"/> is lower case without the root dot.</summary>
public readonly record struct PublishedChallenge(string Name, string Value, DateTimeOffset ExpiresAt);
