namespace WildDns.Registration.Admin;

/// <summary>An authenticated admin caller: how the audit log names it, and the institution its token is limited to (null: all).</summary>
public sealed record AdminCaller(string Description, string? Institution);
