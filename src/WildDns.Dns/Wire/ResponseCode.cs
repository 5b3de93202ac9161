namespace WildDns.Dns.Wire;

/// <summary>Response codes (RFC 1035 §4.1.1, RFC 2136 §2.2 for UPDATE, RFC 8945 for NOTAUTH, RFC 6891 §9 for the extended BADVERS).</summary>
internal static class ResponseCode
{
    public const int NoError = 0;
    public const int FormatError = 1;
    public const int ServerFailure = 2;
    public const int NameError = 3;
    public const int NotImplemented = 4;
    public const int Refused = 5;
    public const int NameExists = 6;
    public const int RecordSetExists = 7;
    public const int RecordSetMissing = 8;
    public const int NotAuthorized = 9;
    public const int NotZone = 10;
    public const int BadVersion = 16;
}
