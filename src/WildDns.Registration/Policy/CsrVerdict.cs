namespace WildDns.Registration.Policy;

/// <summary>The policy's answer on a request: accepted with the names it asks for, or refused with a reason a device's operator can act on.</summary>
public readonly record struct CsrVerdict(bool Accepted, string Reason, IReadOnlyList<string> Names)
{
    public static CsrVerdict Accept(IReadOnlyList<string> names) => new(true, string.Empty, names);

    public static CsrVerdict Refuse(string reason) => new(false, reason, []);
}
