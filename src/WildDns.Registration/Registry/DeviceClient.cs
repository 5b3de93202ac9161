using WildDns.Registration.Identity;

namespace WildDns.Registration.Registry;

/// <summary>A client of a device (SPEC §8.2), known by its label in <c>*.&lt;certid&gt;.&lt;label&gt;.&lt;zone&gt;</c>.</summary>
public sealed record DeviceClient(CertId CertId, string Label, DateTimeOffset AddedAt);
