namespace WildDns.Core.Synthesis;

/// <summary>Whether a name may carry published ACME challenge values (SPEC §5).</summary>
public enum ChallengeNameCheck
{
    Valid,

    /// <summary>The name is in none of the served zones.</summary>
    OutsideZones,

    /// <summary><c>_acme-challenge.&lt;zone&gt;</c>: a value there would authorise a certificate for the whole zone.</summary>
    ZoneApex,

    /// <summary>Not <c>_acme-challenge.</c> before a valid scope.</summary>
    Invalid,

    /// <summary>The scope is a name from the zone files, or holds one below it (<see cref="IStaticNames"/>).</summary>
    StaticName,
}
