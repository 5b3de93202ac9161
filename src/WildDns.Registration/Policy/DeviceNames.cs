using WildDns.Registration.Identity;

namespace WildDns.Registration.Policy;

/// <summary>The names a device or a client of it may have certificates for (SPEC §2, §8.1).</summary>
public sealed class DeviceNames(string zone, string aliasLabel = DeviceNames.DefaultAliasLabel)
{
    /// <summary>WildDns's default type label for alias answers.</summary>
    public const string DefaultAliasLabel = "cname";

    /// <summary>The zone, lower case, without a trailing dot.</summary>
    public string Zone { get; } = zone.TrimEnd('.').ToLowerInvariant();

    /// <summary>The device's own names: <c>*.&lt;certid&gt;.&lt;zone&gt;</c> and <c>*.&lt;certid&gt;.cname.&lt;zone&gt;</c>; a wildcard covers one label, so addresses and aliases need one each.</summary>
    public IReadOnlyList<string> ForDevice(CertId certId) => [$"*.{certId}.{Zone}", $"*.{certId}.{aliasLabel}.{Zone}"];

    /// <summary>A client's name: <c>*.&lt;certid&gt;.&lt;client&gt;.&lt;zone&gt;</c>.</summary>
    public IReadOnlyList<string> ForClient(CertId certId, string clientLabel) => [$"*.{certId}.{clientLabel}.{Zone}"];

    /// <summary>The names for <paramref name="label"/>: the device's when it is empty, else the client's.</summary>
    public IReadOnlyList<string> For(CertId certId, string label) => label.Length == 0 ? ForDevice(certId) : ForClient(certId, label);
}
