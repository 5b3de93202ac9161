namespace WildDns.Client;

/// <summary>One published value as <see cref="ChallengeClient.ListAsync"/> reports it; the name is lower case without the root dot.</summary>
public sealed record ChallengeEntry(string Name, string Value, DateTimeOffset ExpiresAt);
