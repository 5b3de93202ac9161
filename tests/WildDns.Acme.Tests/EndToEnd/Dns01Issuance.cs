using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WildDns.Acme.Api;
using WildDns.Acme.Dns01;
using WildDns.Acme.Jws;
using WildDns.Acme.Resources;
using WildDns.Tests.Harness;

namespace WildDns.Acme.Tests.EndToEnd;

/// <summary>
/// Drives the library as a registrar does: connect to pebble, order, publish every TXT value through the WildDns control
/// plane, wait until WildDns serves them over UDP, answer, finalize with a CSR, and remove the values whatever happens.
/// </summary>
public static class Dns01Issuance
{
    /// <summary>Short polls, so a test spends its time in pebble rather than asleep; still bounded.</summary>
    public static readonly PollingOptions Polling = new() { Interval = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(60) };

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(20);

    /// <summary>An HTTP client trusting pebble's listener through its CA file, as <c>--acme-ca-file</c> does.</summary>
    public static HttpClient HttpClientFor(PebbleServer pebble) =>
        new(AcmeTrust.CreateHandler(pebble.TlsCertificatePath)) { Timeout = TimeSpan.FromSeconds(20) };

    public static Task<AcmeClient> ConnectAsync(PebbleServer pebble, HttpClient http, ECDsa accountKey, ExternalAccountBinding? binding = null) =>
        AcmeClient.ConnectAsync(new AcmeClientOptions
        {
            DirectoryUrl = pebble.DirectoryUrl,
            AccountKey = accountKey,
            Contact = ["mailto:ops@example.test"],
            ExternalAccountBinding = binding,
            HttpClient = http,
            Polling = Polling,
        });

    /// <summary>Orders <paramref name="names"/>, publishes and answers, and returns the chain with the leaf's key.</summary>
    public static async Task<(CertificateChain Chain, ECDsa Key)> IssueAsync(AcmeClient client, ServerProcess server, IReadOnlyList<string> names)
    {
        var order = await client.BeginDns01OrderAsync(names);
        using var control = server.CreateClient();
        try
        {
            foreach (var challenge in order.Challenges)
            {
                await control.PublishAsync(challenge.RecordName, challenge.TxtValue);
            }

            await WaitUntilServedAsync(server, order.Challenges);
            await order.AnswerAllAsync();
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return (await order.FinalizeAsync(Csr(key, names)), key);
        }
        finally
        {
            foreach (var challenge in order.Challenges)
            {
                await control.RemoveAsync(challenge.RecordName, challenge.TxtValue);
            }
        }
    }

    public static byte[] Csr(ECDsa key, IReadOnlyList<string> names)
    {
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternativeNames.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        return request.CreateSigningRequest();
    }

    /// <summary>True when <paramref name="chain"/>'s leaf chains to <paramref name="root"/> through the chain's own intermediates.</summary>
    public static bool ChainsTo(CertificateChain chain, X509Certificate2 root)
    {
        using var builder = new X509Chain();
        builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        builder.ChainPolicy.CustomTrustStore.Add(root);
        builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        builder.ChainPolicy.ExtraStore.AddRange(chain.Certificates.Skip(1).ToArray());
        return builder.Build(chain.Leaf);
    }

    private static async Task WaitUntilServedAsync(ServerProcess server, IReadOnlyList<Dns01Challenge> challenges)
    {
        using var deadline = new CancellationTokenSource(PublishTimeout);
        foreach (var challenge in challenges)
        {
            while (!(await DnsProbe.TxtAsync(server.DnsEndpoint, challenge.RecordName, deadline.Token)).Contains(challenge.TxtValue))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
    }
}
