namespace WildDns.Core.Codec;

/// <summary>
/// The host-name form of a payload label: dots become <c>--</c>, so <c>pacs--hospital-abc--com</c> ↔
/// <c>pacs.hospital-abc.com</c>. An IDNA label keeps its own <c>xn--</c>: <c>www--xn--mnchen-3ya--de</c> ↔
/// <c>www.xn--mnchen-3ya.de</c>. Decoded names are lower case.
/// </summary>
public static class EncodedHostName
{
    /// <summary>RFC 1035 §2.3.4: 255 octets on the wire are 253 characters in text without the root dot.</summary>
    public const int MaxNameLength = 253;

    /// <summary>
    /// Checks that <paramref name="label"/> decodes to a host name of at least two LDH labels and at most
    /// 253 characters. Never allocates; use <see cref="WriteText"/> or <see cref="WriteWire"/> for the name.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > LdhLabel.MaxLength)
        {
            return false;
        }

        var labels = 0;
        var enumerator = new Enumerator(label);
        while (enumerator.MoveNext(out var part))
        {
            if (!LdhLabel.IsValid(part))
            {
                return false;
            }

            labels++;
        }

        // A payload is at most 63 characters, so the decoded name can never pass 253; the check stays for
        // callers that hand in longer text.
        return labels >= 2 && label.Length - labels + 1 <= MaxNameLength;
    }

    /// <summary>Writes the decoded name as dotted lower-case text without a trailing dot; returns its length.</summary>
    public static int WriteText(ReadOnlySpan<char> label, Span<char> destination)
    {
        var written = 0;
        var enumerator = new Enumerator(label);
        while (enumerator.MoveNext(out var part))
        {
            if (written > 0)
            {
                destination[written++] = '.';
            }

            written += part.ToLowerInvariant(destination[written..]);
        }

        return written;
    }

    /// <summary>Writes the decoded name in DNS wire form (length-prefixed lower-case labels, root last).</summary>
    public static int WriteWire(ReadOnlySpan<char> label, Span<byte> destination)
    {
        var written = 0;
        var enumerator = new Enumerator(label);
        while (enumerator.MoveNext(out var part))
        {
            destination[written++] = (byte)part.Length;
            foreach (var c in part)
            {
                destination[written++] = (byte)(c | (char.IsAsciiLetterUpper(c) ? 0x20 : 0));
            }
        }

        destination[written++] = 0;
        return written;
    }

    /// <summary>Decodes to a string; null when the label is not a host name. For tools, not the answer path.</summary>
    public static string? Decode(ReadOnlySpan<char> label)
    {
        if (!IsValid(label))
        {
            return null;
        }

        Span<char> text = stackalloc char[MaxNameLength];
        return new string(text[..WriteText(label, text)]);
    }

    /// <summary>
    /// Encodes a host name as a payload label, or explains why it cannot be one: a label holding <c>--</c>
    /// (other than an IDNA <c>xn--</c> prefix), a label <c>xn</c> before another label, or an encoding over
    /// 63 characters would not decode back to the same name.
    /// </summary>
    public static bool TryEncode(string hostName, out string encoded, out string error)
    {
        encoded = string.Empty;
        var name = hostName.EndsWith('.') ? hostName[..^1] : hostName;
        name = name.ToLowerInvariant();
        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            error = $"'{hostName}' is not a host name of at least two labels.";
            return false;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (!LdhLabel.IsValid(label))
            {
                error = $"'{label}' in '{hostName}' is not a host name label (1-63 letters, digits and inner hyphens).";
                return false;
            }

            var body = label.StartsWith("xn--", StringComparison.Ordinal) ? label[4..] : label;
            if (body.Contains("--", StringComparison.Ordinal))
            {
                error = $"'{label}' in '{hostName}' holds '--', which would read as a dot.";
                return false;
            }

            if (label == "xn" && i < labels.Length - 1)
            {
                error = $"'xn' before another label in '{hostName}' would read as an IDNA 'xn--' label.";
                return false;
            }
        }

        var result = string.Join("--", labels);
        if (result.Length > LdhLabel.MaxLength)
        {
            error = $"'{hostName}' encodes to {result.Length} characters; a DNS label holds at most 63.";
            return false;
        }

        encoded = result;
        error = string.Empty;
        return true;
    }

    /// <summary>Walks the labels of an encoded host name, splitting at <c>--</c> except right after <c>xn</c>.</summary>
    private ref struct Enumerator(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> text = text;
        private int position;
        private bool done = text.IsEmpty;

        public bool MoveNext(out ReadOnlySpan<char> label)
        {
            if (done)
            {
                label = default;
                return false;
            }

            var start = position;
            var i = position;
            while (i < text.Length)
            {
                if (text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-')
                {
                    if (i - start == 2 && text.Slice(start, 2).Equals("xn", StringComparison.OrdinalIgnoreCase))
                    {
                        i += 2;
                        continue;
                    }

                    label = text[start..i];
                    position = i + 2;
                    return true;
                }

                i++;
            }

            label = text[start..];
            done = true;
            return true;
        }
    }
}
