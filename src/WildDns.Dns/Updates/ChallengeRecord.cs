using System.Text;
using WildDns.Core.Challenges;

namespace WildDns.Dns.Updates;

/// <summary>The TXT RDATA of a challenge value: one character-string (RFC 1035 §3.3.14).</summary>
internal static class ChallengeRecord
{
    public static byte[] Data(string value)
    {
        var data = new byte[1 + Encoding.ASCII.GetByteCount(value)];
        data[0] = (byte)(data.Length - 1);
        Encoding.ASCII.GetBytes(value, data.AsSpan(1));
        return data;
    }

    /// <summary>
    /// The value in TXT RDATA that holds exactly one character-string of a DNS-01 digest (SPEC §5, RFC 8555 §8.4);
    /// null for anything else: several strings, other lengths, characters outside base64url.
    /// </summary>
    public static string? ReadValue(ReadOnlySpan<byte> data)
    {
        if (data.Length != 1 + ChallengeValue.Length || data[0] != ChallengeValue.Length)
        {
            return null;
        }

        var value = Encoding.ASCII.GetString(data[1..]);
        return ChallengeValue.IsValid(value) ? value : null;
    }
}
