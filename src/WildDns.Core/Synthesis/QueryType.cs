namespace WildDns.Core.Synthesis;

/// <summary>The RR type codes (RFC 1035 §3.2.2, RFC 3596, RFC 8482) that the synthesis rules tell apart.</summary>
public static class QueryType
{
    public const ushort A = 1;
    public const ushort Cname = 5;
    public const ushort Txt = 16;
    public const ushort Aaaa = 28;
    public const ushort Any = 255;
}
