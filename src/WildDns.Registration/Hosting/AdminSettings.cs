namespace WildDns.Registration.Hosting;

/// <summary>The admin API, <c>WildDns:Registrar:Admin</c>: gRPC over cleartext HTTP/2, loopback by default.</summary>
public sealed class AdminSettings
{
    /// <summary>The token file's name in the data directory, written when no token is configured and the API is on loopback only.</summary>
    public const string TokenFileName = "registrar.token";

    public string Listen { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5382;

    /// <summary>A token for every institution; generated into <see cref="TokenFileName"/> when neither it nor <see cref="Tokens"/> is set.</summary>
    public string? Token { get; set; }

    /// <summary>Tokens limited to one institution each: their callers see, register and change only that institution's devices.</summary>
    public List<InstitutionToken> Tokens { get; set; } = [];
}
