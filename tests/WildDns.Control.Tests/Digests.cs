using System.Security.Cryptography;
using System.Text;

namespace WildDns.Control.Tests;

/// <summary>Valid DNS-01 values: the base64url SHA-256 of a seed, as an ACME client computes them (RFC 8555 §8.4).</summary>
internal static class Digests
{
    public static string Of(string seed) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(seed))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
