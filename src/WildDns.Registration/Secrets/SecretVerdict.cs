namespace WildDns.Registration.Secrets;

/// <summary>The outcome of presenting a secret. Only <see cref="Wrong"/> and <see cref="Locked"/> are given for a secret that did not match.</summary>
public enum SecretVerdict
{
    /// <summary>Matches, unused, unexpired.</summary>
    Accepted,

    /// <summary>Does not match the digest.</summary>
    Wrong,

    /// <summary>Too many wrong secrets; nothing is checked until the lock ends.</summary>
    Locked,

    /// <summary>Matches, but its expiry has passed.</summary>
    Expired,

    /// <summary>Matches, but a certificate obtained with it was delivered already.</summary>
    Spent,
}
