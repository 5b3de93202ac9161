namespace WildDns.Dns.Updates;

/// <summary>One value an UPDATE published, refreshed or removed, and the TSIG key that signed it.</summary>
public sealed record ChallengeUpdate(string KeyName, string Action, string Name, string Value);
