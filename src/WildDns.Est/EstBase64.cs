using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace WildDns.Est;

/// <summary>
/// The base64 bodies of RFC 7030 §4 (RFC 8951 §3: base64 per RFC 4648, with or without line breaks; the
/// Content-Transfer-Encoding header is ignored).
/// </summary>
public static class EstBase64
{
    /// <summary>Line length of encoded bodies: the PEM width, which <c>openssl base64 -d</c> reads without <c>-A</c>.</summary>
    public const int LineLength = 64;

    /// <summary>
    /// Decodes a base64 body, skipping white space (CR, LF, space, tab) anywhere; false when anything else is not base64
    /// or the padding is wrong. A PEM body (<c>-----BEGIN ...</c>) is not base64 and is refused.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> body, out byte[] decoded)
    {
        decoded = [];
        var compact = new byte[body.Length];
        var length = 0;
        foreach (var octet in body)
        {
            if (octet is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            compact[length++] = octet;
        }

        if (length == 0 || length % 4 != 0)
        {
            return false;
        }

        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(length)];
        if (Base64.DecodeFromUtf8(compact.AsSpan(0, length), output, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        decoded = output.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Encodes <paramref name="data"/> as base64 in lines of <see cref="LineLength"/> characters, each ending in CRLF.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        var text = Convert.ToBase64String(data);
        var builder = new StringBuilder(text.Length + (text.Length / LineLength + 1) * 2);
        for (var start = 0; start < text.Length; start += LineLength)
        {
            builder.Append(text, start, Math.Min(LineLength, text.Length - start)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
