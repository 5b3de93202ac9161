namespace WildDns.Configuration;

/// <summary>The <c>WildDns:Zones</c> configuration section: zone files and the naming rules applied to every zone.</summary>
public sealed class ZoneSettings
{
    public const string Section = "WildDns:Zones";

    /// <summary>Folder of <c>&lt;origin&gt;.zone</c> master files.</summary>
    public string Directory { get; set; } = "zones";

    public string AddressLabel { get; set; } = "a";

    public string AliasLabel { get; set; } = "cname";

    public int MaxIdentifierLabels { get; set; } = 2;

    /// <summary>CIDR networks that addresses may be synthesized for; empty means the defaults of SPEC §3.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public int AddressTtl { get; set; } = 3600;

    public int AliasTtl { get; set; } = 3600;

    public int ChallengeTtl { get; set; } = 60;
}
