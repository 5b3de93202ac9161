namespace WildDns.Registration.Policy;

/// <summary>
/// The label of a device's client: <c>client-</c> followed by 1 to 56 lower-case letters, digits or inner hyphens, so the
/// label is a valid DNS label, never a type label (<c>a</c>, <c>cname</c>) or a certid, and reads as what it is in
/// <c>*.&lt;certid&gt;.client-viewer1.&lt;zone&gt;</c>. The same text is the arbitrary label of its EST path (RFC 7030 §3.2.2):
/// <c>/.well-known/est/client-viewer1/simpleenroll</c>.
/// </summary>
public static class ClientLabel
{
    public const string Prefix = "client-";

    /// <summary>Longest label: 63 octets, the DNS limit (RFC 1035 §2.3.4).</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="label"/> is a client label as described above.</summary>
    public static bool IsValid(string? label)
    {
        if (label is null || label.Length <= Prefix.Length || label.Length > MaxLength || !label.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = label.AsSpan(Prefix.Length);
        return name[0] != '-' && name[^1] != '-' && !name.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-");
    }
}
