namespace WildDns.Core.Challenges;

/// <summary>The shape of an ACME DNS-01 value: the base64url SHA-256 digest of a key authorization (RFC 8555 §8.4).</summary>
public static class ChallengeValue
{
    /// <summary>32 digest bytes in unpadded base64url.</summary>
    public const int Length = 43;

    /// <summary>True for exactly 43 characters of the base64url alphabet (RFC 4648 §5), no padding.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        // The last character carries 2 bits of padding that must be zero for a 32-byte digest.
        return "AEIMQUYcgkosw048".Contains(value[^1], StringComparison.Ordinal);
    }
}
