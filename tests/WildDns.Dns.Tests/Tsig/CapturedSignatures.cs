using WildDns.Dns.Tsig;

namespace WildDns.Dns.Tests.Tsig;

/// <summary>
/// Signed messages as BIND's nsupdate and dig and Knot's kdig sent them (captured on loopback), with key
/// <c>acme-key</c> and <see cref="SecretBase64"/>:
/// <c>nsupdate -y hmac-sha256:acme-key:SECRET</c> (then <c>zone cert.example.com</c>,
/// <c>update add _acme-challenge.abc.cert.example.com. 60 TXT "YhbC0Yb4dGh0bWu7mD-yb8EPMA_aqMS6rCZkBRgeb4M"</c>, <c>send</c>),
/// the same with hmac-sha512 and hmac-sha1, <c>dig -y hmac-sha256:acme-key:SECRET cert.example.com SOA</c> (EDNS and a
/// cookie before the TSIG), and <c>kdig -y hmac-sha256:acme-key:SECRET cert.example.com SOA</c>.
/// </summary>
internal static class CapturedSignatures
{
    public const string SecretBase64 = "ZNVzvKhQoE6dbo0O9qTRBhF5hc7fumbgyrH7qCqrh20=";

    public static readonly byte[] Secret = Convert.FromBase64String(SecretBase64);

    public static IReadOnlyList<CapturedSignature> All { get; } =
    [
        new("nsupdate hmac-sha256 UPDATE", TsigAlgorithm.HmacSha256, 1_796_193_884,
            "03b5280000010000000100010463657274076578616d706c6503636f6d00000600010f5f61636d652d6368616c6c656e6765036162630463657274076578616d706c6503636f6d00001000010000003c002c2b596862433059623464476830625775376d442d79623845504d415f61714d533672435a6b4252676562344d0861636d652d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006b0fbe5c012c0020bc35603aa3609c550cb178ba9373fca79d00d8d6c8e0ff3ec12e07f4915bca6803b500000000"),
        new("nsupdate hmac-sha512 UPDATE", TsigAlgorithm.HmacSha512, 1_796_193_885,
            "8328280000010000000100010463657274076578616d706c6503636f6d00000600010f5f61636d652d6368616c6c656e6765036162630463657274076578616d706c6503636f6d00001000010000003c002c2b596862433059623464476830625775376d442d79623845504d415f61714d533672435a6b4252676562344d0861636d652d6b65790000fa00ff00000000005d0b686d61632d7368613531320000006b0fbe5d012c0040130e65d34e56e3e46d04fb0ec378703c3da8515bf5698ffe4f72bcd67d4725277c4d5fa98e950e703f24c1bee964bc87ddc4767a03dec0d4504f181bf12819bf832800000000"),
        new("nsupdate hmac-sha1 UPDATE", TsigAlgorithm.HmacSha1, 1_796_193_886,
            "61ca280000010000000100010463657274076578616d706c6503636f6d00000600010f5f61636d652d6368616c6c656e6765036162630463657274076578616d706c6503636f6d00001000010000003c002c2b596862433059623464476830625775376d442d79623845504d415f61714d533672435a6b4252676562344d0861636d652d6b65790000fa00ff00000000002f09686d61632d736861310000006b0fbe5e012c0014ee83de71512d7b0a47aa4d090eae6f31195111b961ca00000000"),
        new("dig hmac-sha256 SOA query after an OPT record", TsigAlgorithm.HmacSha256, 1_796_193_888,
            "f9bd012000010000000000020463657274076578616d706c6503636f6d000006000100002904d000000000000c000a00082d9f533c84b25be70861636d652d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006b0fbe60012c0020761140e911503473841c0ad829578380232b5fac5c051d61b5636b271b60553af9bd00000000"),
        new("kdig hmac-sha256 SOA query", TsigAlgorithm.HmacSha256, 1_796_193_889,
            "e840012000010000000000010463657274076578616d706c6503636f6d00000600010861636d652d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006b0fbe61012c0020630c979fcfa1a8c17a8e5b9a0283cf8029cc3fc2055244d8cd5355e925315fc8e84000000000"),
    ];

    public static CapturedSignature Find(string name) => All.Single(capture => capture.Name == name);

    /// <summary>The ring holding <c>acme-key</c> with the secret above, in <paramref name="algorithm"/>.</summary>
    public static TsigKeyRing Keys(TsigAlgorithm algorithm) => new([new TsigKey("acme-key", algorithm, Secret)]);
}
