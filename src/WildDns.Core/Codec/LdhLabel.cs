namespace WildDns.Core.Codec;

/// <summary>The letters-digits-hyphen rule for host name labels (RFC 1123 §2.1, RFC 5890 §2.3.1).</summary>
public static class LdhLabel
{
    public const int MaxLength = 63;

    /// <summary>True for 1–63 letters, digits and hyphens that neither start nor end with a hyphen.</summary>
    public static bool IsValid(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > MaxLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsLdhChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsLdhChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
