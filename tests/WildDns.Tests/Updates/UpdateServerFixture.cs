using System.Security.Cryptography;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Updates;

/// <summary>
/// One real <c>wilddns serve</c> for the UPDATE tests, with three keys configured the three ways an operator can:
/// <c>acme-key</c> (hmac-sha256) by the <c>--tsig-key</c> switch, <c>scoped-key</c> (hmac-sha512) by the switch limited to
/// the scope <c>limited.cert.example.com</c>, and <c>bind-key</c> (hmac-sha1) from a BIND-style key file, the same file
/// that <c>nsupdate -k</c> reads. Each test works under a scope of its own, so tests do not see each other's values.
/// </summary>
public sealed class UpdateServerFixture : IAsyncLifetime
{
    public const string Zone = "cert.example.com";
    public const string LimitedScope = "limited.cert.example.com";

    private ServerProcess? server;

    public byte[] AcmeSecret { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] ScopedSecret { get; } = RandomNumberGenerator.GetBytes(64);

    public byte[] BindSecret { get; } = RandomNumberGenerator.GetBytes(20);

    /// <summary>A BIND key file (as <c>tsig-keygen -a hmac-sha1 bind-key</c> prints) holding <c>bind-key</c>.</summary>
    public string KeyFilePath { get; } = Path.Combine(Directory.CreateTempSubdirectory("wilddns-tsig-").FullName, "update.key");

    public ServerProcess Server => server ?? throw new InvalidOperationException("the server is not started");

    /// <summary><c>nsupdate -y</c> / <c>knsupdate -y</c> argument for <c>acme-key</c>.</summary>
    public string AcmeKeyArgument => $"hmac-sha256:acme-key:{Convert.ToBase64String(AcmeSecret)}";

    public string ScopedKeyArgument => $"hmac-sha512:scoped-key:{Convert.ToBase64String(ScopedSecret)}";

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(
            KeyFilePath,
            $"# made for a test\nkey \"bind-key\" {{\n\talgorithm hmac-sha1;\n\tsecret \"{Convert.ToBase64String(BindSecret)}\";\n}};\n");
        server = await ServerProcess.StartAsync(extraArguments:
        [
            "--tsig-key", $"acme-key:hmac-sha256:{Convert.ToBase64String(AcmeSecret)}",
            "--tsig-key", $"scoped-key:hmac-sha512:{Convert.ToBase64String(ScopedSecret)}:{LimitedScope}",
            "--WildDns:Tsig:KeyFile", KeyFilePath,
        ]);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(Path.GetDirectoryName(KeyFilePath)!, recursive: true);
    }

    /// <summary>A challenge name under a scope no other test uses: <c>_acme-challenge.u1a2b3c4d.cert.example.com</c>.</summary>
    public static string NewChallengeName(string? under = null) =>
        $"_acme-challenge.u{Guid.NewGuid().ToString("N")[..8]}.{under ?? Zone}";
}
