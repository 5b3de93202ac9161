namespace WildDns.Est;

/// <summary>
/// The request paths of RFC 7030 §3.2.2: <c>/.well-known/est/&lt;operation&gt;</c>, or with one arbitrary label
/// before the operation, <c>/.well-known/est/&lt;label&gt;/&lt;operation&gt;</c>, which a server may use to tell CAs or
/// profiles apart.
/// </summary>
public static class EstPath
{
    /// <summary>The path prefix every EST operation lives under.</summary>
    public const string Prefix = "/.well-known/est";

    public const string CaCertificates = "cacerts";
    public const string SimpleEnroll = "simpleenroll";
    public const string SimpleReenroll = "simplereenroll";
    public const string CsrAttributes = "csrattrs";

    /// <summary>The path of <paramref name="operation"/>, under <paramref name="label"/> when one is given.</summary>
    /// <example><c>For("simpleenroll")</c> → <c>/.well-known/est/simpleenroll</c>; <c>For("simpleenroll", "client-a")</c> → <c>/.well-known/est/client-a/simpleenroll</c>.</example>
    public static string For(string operation, string? label = null) =>
        string.IsNullOrEmpty(label) ? $"{Prefix}/{operation}" : $"{Prefix}/{label}/{operation}";
}
