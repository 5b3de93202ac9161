namespace WildDns.Registration.Hosting;

/// <summary>An admin token limited to one institution (<c>WildDns:Registrar:Admin:Tokens:N:Token</c> and <c>...:Institution</c>).</summary>
public sealed class InstitutionToken
{
    public string Token { get; set; } = string.Empty;

    /// <summary>The institution as registered (compared after the canonical form's normalisation).</summary>
    public string Institution { get; set; } = string.Empty;
}
