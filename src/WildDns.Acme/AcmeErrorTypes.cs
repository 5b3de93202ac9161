namespace WildDns.Acme;

/// <summary>The ACME error types this client acts on (RFC 8555 §6.7, RFC 9773 §7.4).</summary>
public static class AcmeErrorTypes
{
    public const string Prefix = "urn:ietf:params:acme:error:";
    public const string BadNonce = Prefix + "badNonce";
    public const string RateLimited = Prefix + "rateLimited";
    public const string AccountDoesNotExist = Prefix + "accountDoesNotExist";
    public const string ExternalAccountRequired = Prefix + "externalAccountRequired";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string OrderNotReady = Prefix + "orderNotReady";

    /// <summary>RFC 9773 §7.4: the certificate named in <c>replaces</c> was already replaced by another order.</summary>
    public const string AlreadyReplaced = Prefix + "alreadyReplaced";
}
