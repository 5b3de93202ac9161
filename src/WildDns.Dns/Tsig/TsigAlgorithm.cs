namespace WildDns.Dns.Tsig;

/// <summary>The MAC algorithms accepted (RFC 8945 §6: HMAC-SHA256 is mandatory, HMAC-SHA1 for old clients, HMAC-SHA512 optional).</summary>
public enum TsigAlgorithm
{
    HmacSha256,
    HmacSha512,
    HmacSha1,
}
