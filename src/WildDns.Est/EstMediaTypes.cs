namespace WildDns.Est;

/// <summary>The media types of RFC 7030 §4: what each EST operation sends and answers.</summary>
public static class EstMediaTypes
{
    /// <summary>A base64 PKCS#10 certification request, the body of <c>simpleenroll</c> and <c>simplereenroll</c> (§4.2.1).</summary>
    public const string Pkcs10 = "application/pkcs10";

    /// <summary>A base64 degenerate PKCS#7 holding certificates only: <c>cacerts</c> (§4.1.3) and enrollment answers (§4.2.3).</summary>
    public const string CertsOnly = "application/pkcs7-mime; smime-type=certs-only";

    /// <summary>The base64 DER CsrAttrs of <c>csrattrs</c> (§4.5.2).</summary>
    public const string CsrAttributes = "application/csrattrs";

    /// <summary>
    /// True when <paramref name="contentType"/> names <paramref name="mediaType"/>'s type and subtype, ignoring case,
    /// white space and parameters: clients send <c>application/pkcs10</c> with or without a charset.
    /// </summary>
    public static bool Names(string? contentType, string mediaType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var type = contentType.Split(';', 2)[0].Trim();
        var expected = mediaType.Split(';', 2)[0].Trim();
        return string.Equals(type, expected, StringComparison.OrdinalIgnoreCase);
    }
}
