namespace WildDns.Control.Hosting;

/// <summary>
/// One more bearer token of the control plane (<c>WildDns:Control:Tokens:N</c>), optionally limited to scopes: a registrar
/// limited to its zone, a device's helper limited to <c>&lt;certid&gt;.&lt;zone&gt;</c>.
/// </summary>
public sealed class ControlTokenOptions
{
    /// <summary>What the change log calls the token's holder, e.g. <c>registrar</c>; never the token itself.</summary>
    public string? Name { get; set; }

    /// <summary>A file holding the token (its first line): the form to prefer, since settings can end up in logs and process listings.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The token itself, at least 16 characters; for the environment (<c>WildDns__Control__Tokens__0__Token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Names the token may publish, remove and list under (the rule of <see cref="Core.Challenges.ChallengeScopes"/>, as TSIG
    /// keys have it); a list or one comma-separated string. Empty: every challenge name.
    /// </summary>
    public List<string> Scopes { get; } = [];
}
