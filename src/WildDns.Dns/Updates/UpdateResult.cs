namespace WildDns.Dns.Updates;

/// <summary>
/// The outcome of an UPDATE (RFC 2136 §2.2 response codes) and, for a refusal, the Extended DNS Error code and text
/// that say why (RFC 8914); <see cref="InfoCode"/> 0 with a null reason means no EDE option.
/// </summary>
internal readonly record struct UpdateResult(int ResponseCode, ushort InfoCode = 0, string? Reason = null)
{
    public static UpdateResult Refused(string reason) => new(Wire.ResponseCode.Refused, ExtendedDnsError.Prohibited, reason);
}
