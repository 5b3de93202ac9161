namespace WildDns.Client;

/// <summary>The server's answer to a publish: when the value expires, and whether it was there already (its lifetime restarted).</summary>
public sealed record PublishReceipt(DateTimeOffset ExpiresAt, bool Refreshed);
