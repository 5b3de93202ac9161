namespace WildDns.Registration.Authority;

/// <summary>What a call to <see cref="ICertificateAuthority.EnrollAsync"/> came to.</summary>
public enum CaOutcome
{
    /// <summary>In progress; ask again after <see cref="CaResult.RetryAfter"/>.</summary>
    Pending,

    /// <summary>Done: <see cref="CaResult.Chain"/> holds the leaf and its chain.</summary>
    Issued,

    /// <summary>Will not be issued; <see cref="CaResult.Reason"/> says why.</summary>
    Refused,
}
