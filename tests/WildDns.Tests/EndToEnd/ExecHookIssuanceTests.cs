using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace WildDns.Tests.EndToEnd;

/// <summary>
/// Issue 4 end to end with real ACME software: lego's exec DNS provider runs <c>wilddns-lego-hook.sh</c> (the hook the
/// README shows), which calls <c>wilddns challenge publish|remove</c>; pebble validates by asking the WildDns process for
/// the TXT records and issues one certificate for both wildcard names. All traffic stays on loopback.
/// </summary>
public sealed class ExecHookIssuanceTests(ITestOutputHelper output)
{
    private const string Wildcard = "*.cald5f5f7ba45.cert.example.com";
    private const string CnameWildcard = "*.cald5f5f7ba45.cname.cert.example.com";

    /// <summary>A bound on the whole lego run: two challenges solved one after the other, each a few seconds.</summary>
    private static readonly TimeSpan LegoTimeout = TimeSpan.FromSeconds(120);

    [RequiresToolsFact("pebble", "lego")]
    public async Task Lego_with_the_exec_hook_gets_one_certificate_for_both_wildcards_and_leaves_no_challenge_behind()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var pebble = await PebbleServer.StartAsync(server.DnsEndpoint);
        var work = Directory.CreateTempSubdirectory("wilddns-exec-hook-").FullName;
        try
        {
            var hook = Path.Combine(work, "wilddns-lego-hook.sh");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "EndToEnd", "wilddns-lego-hook.sh"), hook);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var environment = new Dictionary<string, string?>
            {
                ["EXEC_PATH"] = hook,

                // lego waits this long between the two challenges (default 60 s), and polls DNS this often.
                ["EXEC_SEQUENCE_INTERVAL"] = "1",
                ["EXEC_POLLING_INTERVAL"] = "1",
                ["EXEC_PROPAGATION_TIMEOUT"] = "30",
                ["WILDDNS"] = $"{RepositoryLayout.DotnetHost} {RepositoryLayout.WildDnsDll}",
                ["WILDDNS_SERVER"] = server.ControlAddress.ToString(),
                ["WILDDNS_DATA"] = server.DataDirectory,
            };

            var run = await LegoClient.RunAsync(pebble, server.DnsEndpoint, "exec", environment, [Wildcard, CnameWildcard], LegoTimeout, Path.Combine(work, "lego"));

            output.WriteLine($"lego run took {run.Duration.TotalSeconds:0.0} s");
            output.WriteLine($"lego:\n{run.Process.Output}\npebble:\n{pebble.Output}");
            run.Succeeded.Should().BeTrue($"lego must issue the certificate; lego:\n{run.Process.Output}\npebble:\n{pebble.Output}\nwilddns:\n{server.Output}");

            using var certificate = run.LoadCertificate(Wildcard);
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
            names.Should().BeEquivalentTo(Wildcard, CnameWildcard);
            using var root = await pebble.GetRootCertificateAsync();
            ChainsTo(certificate, root, run.CertificatePath(Wildcard)).Should().BeTrue("the certificate must come from this pebble");

            using var client = server.CreateClient();
            (await client.ListAsync()).Should().BeEmpty("lego's cleanup removes every value it published");
            foreach (var name in new[] { "_acme-challenge.cald5f5f7ba45.cert.example.com", "_acme-challenge.cald5f5f7ba45.cname.cert.example.com" })
            {
                var response = await DnsProbe.QueryAsync(server.DnsEndpoint, name, RecordType.Txt);
                response.ReturnCode.Should().Be(ReturnCode.NoError, name);
                response.AnswerRecords.Should().BeEmpty($"{name} must answer NODATA after cleanup");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>True when the leaf chains to <paramref name="root"/> through the intermediates in lego's bundle file.</summary>
    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, string bundlePath)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(bundlePath);
        chain.ChainPolicy.ExtraStore.AddRange(bundle);
        return chain.Build(leaf);
    }
}
