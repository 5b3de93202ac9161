using System.Security.Cryptography;
using System.Text;

namespace WildDns.Control.Service;

/// <summary>
/// A short fingerprint of a challenge value for logs: the first 8 hex digits of its SHA-256. Enough to match a log line to
/// the value an ACME client computed, without the log holding values that authorise certificates while they are live.
/// </summary>
public static class ValueDigest
{
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
}
