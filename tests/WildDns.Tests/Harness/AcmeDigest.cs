using System.Buffers.Text;
using System.Security.Cryptography;

namespace WildDns.Tests.Harness;

/// <summary>Values shaped like DNS-01 key-authorization digests (RFC 8555 §8.4: base64url of a SHA-256, 43 characters).</summary>
public static class AcmeDigest
{
    /// <summary>A fresh random digest.</summary>
    public static string New() => Base64Url.EncodeToString(SHA256.HashData(Guid.NewGuid().ToByteArray()));
}
