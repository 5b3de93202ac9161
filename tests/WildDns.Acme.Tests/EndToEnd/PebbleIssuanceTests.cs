using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Acme.Dns01;
using WildDns.Acme.Jws;
using WildDns.Acme.Resources;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Acme.Tests.EndToEnd;

/// <summary>
/// The library against Debian's real pebble, which validates every DNS-01 value by asking the real <c>wilddns serve</c>
/// over UDP: a wildcard and its base name in one certificate, with nonces refused at random, with External Account Binding
/// required, and a validation that fails.
/// </summary>
[Collection(WildDnsCollection.Name)]
public sealed class PebbleIssuanceTests(WildDnsZone zone)
{
    // The keys of pebble's pebble-config-external-account-bindings.json example.
    private static readonly Dictionary<string, string> PebbleMacKeys = new()
    {
        ["kid-1"] = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W",
        ["kid-2"] = "b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH",
    };

    [RequiresToolsFact("pebble")]
    public async Task WildcardAndBaseNameAreIssuedInOneCertificateChainedToPebblesRoot()
    {
        string[] names = ["*.x.example.test", "x.example.test"];
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint);
        using var http = Dns01Issuance.HttpClientFor(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);
        client.Account.Created.Should().BeTrue();

        var (chain, key) = await Dns01Issuance.IssueAsync(client, zone.Server, names);

        using (key)
        {
            chain.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Should().BeEquivalentTo(names);
            chain.Leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().Should().Equal(key.ExportSubjectPublicKeyInfo(), "the CA certifies the CSR's key");
            chain.Pem.Should().StartWith("-----BEGIN CERTIFICATE-----");
            using var root = await pebble.GetRootCertificateAsync();
            Dns01Issuance.ChainsTo(chain, root).Should().BeTrue("the chain must lead to this pebble's root");
        }

        using var again = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);
        again.Account.Created.Should().BeFalse("onlyReturnExisting finds the account of the same key");
        again.Account.Url.Should().Be(client.Account.Url);

        var response = await DnsProbe.QueryAsync(zone.Server.DnsEndpoint, "_acme-challenge.x.example.test", RecordType.Txt);
        response.AnswerRecords.Should().BeEmpty("the values are removed when the order ends");
    }

    [RequiresToolsFact("pebble")]
    public async Task EveryIssuanceSucceedsWhenPebbleRefusesHalfOfTheNoncesEvenWithOrdersRunningTogether()
    {
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint, nonceRejectPercent: 50);
        var counter = new BadNonceCounter(AcmeTrust.CreateHandler(pebble.TlsCertificatePath));
        using var http = new HttpClient(counter);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);

        // About ten signed requests per issuance, on one client and one nonce pool: dozens of refusals, some of them
        // twice in a row, and each must be retried with the fresh nonce that came with it.
        var issuances = await Task.WhenAll(Enumerable.Range(0, 4).Select(round => Dns01Issuance.IssueAsync(client, zone.Server, [$"*.n{round}.example.test"])));

        for (var round = 0; round < issuances.Length; round++)
        {
            issuances[round].Key.Dispose();
            issuances[round].Chain.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Should().Equal($"*.n{round}.example.test");
        }

        counter.Refusals.Should().BePositive("pebble must really have refused nonces for this test to mean anything");
    }

    [RequiresToolsFact("pebble")]
    public async Task AnOrderReopenedByUrlAfterARestartIsFinishedAndThenOnlyDownloadedAgain()
    {
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint);
        using var http = Dns01Issuance.HttpClientFor(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var control = zone.Server.CreateClient();
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Dns01Issuance.Csr(leafKey, ["r.example.test"]);
        Uri orderUrl;
        Dns01Challenge challenge;
        using (var before = await Dns01Issuance.ConnectAsync(pebble, http, accountKey))
        {
            var order = await before.BeginDns01OrderAsync(["r.example.test"]);
            (orderUrl, challenge) = (order.Url, order.Challenges.Single());
            await control.PublishAsync(challenge.RecordName, challenge.TxtValue);
            await order.AnswerAllAsync();
        }

        try
        {
            using var after = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);
            var first = await (await after.OpenDns01OrderAsync(orderUrl)).FinalizeAsync(csr);
            var again = await after.OpenDns01OrderAsync(orderUrl);
            again.Order.Status.Should().Be(AcmeStatus.Valid);
            again.Challenges.Should().BeEmpty("nothing is left to publish for a valid order");
            var second = await again.FinalizeAsync(csr);

            second.Leaf.SerialNumber.Should().Be(first.Leaf.SerialNumber, "a valid order is downloaded, never ordered or finalized again");
            pebble.Output.Should().Contain("There are now 1 orders in the db");
            pebble.Output.Should().NotContain("There are now 2 orders in the db");
        }
        finally
        {
            await control.RemoveAsync(challenge.RecordName, challenge.TxtValue);
        }
    }

    [RequiresToolsFact("pebble")]
    public async Task ExternalAccountBindingIsRequiredAndAcceptedWithPebblesExampleKeys()
    {
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint, externalAccountMacKeys: PebbleMacKeys);
        using var http = Dns01Issuance.HttpClientFor(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var withoutBinding = () => Dns01Issuance.ConnectAsync(pebble, http, accountKey);
        (await withoutBinding.Should().ThrowAsync<AcmeException>()).Which.Type.Should().Be(AcmeErrorTypes.ExternalAccountRequired);

        var wrongKey = () => Dns01Issuance.ConnectAsync(pebble, http, accountKey, ExternalAccountBinding.FromBase64Url("kid-1", PebbleMacKeys["kid-2"]));
        (await wrongKey.Should().ThrowAsync<AcmeException>()).Which.Problem.Status.Should().BeInRange(400, 499, "pebble refuses a binding with another key's MAC");

        using var client = await Dns01Issuance.ConnectAsync(pebble, http, accountKey, ExternalAccountBinding.FromBase64Url("kid-1", PebbleMacKeys["kid-1"]));
        client.Account.Created.Should().BeTrue();
        client.Account.Status.Should().Be(AcmeStatus.Valid);
        var (chain, key) = await Dns01Issuance.IssueAsync(client, zone.Server, ["e.example.test"]);
        key.Dispose();
        chain.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Should().Equal("e.example.test");
    }

    [RequiresToolsFact("pebble")]
    public async Task PebblesListenerIsTrustedThroughItsCaFileAndNotWithoutIt()
    {
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var systemTrustOnly = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        var untrusted = () => Dns01Issuance.ConnectAsync(pebble, systemTrustOnly, accountKey);
        (await untrusted.Should().ThrowAsync<HttpRequestException>()).Which.InnerException.Should().BeOfType<System.Security.Authentication.AuthenticationException>();

        using var http = Dns01Issuance.HttpClientFor(pebble);
        using var client = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);
        client.Account.Url.Host.Should().Be("127.0.0.1");
    }

    [RequiresToolsFact("pebble")]
    public async Task AWrongTxtValueFailsTheOrderWithPebblesReason()
    {
        await using var pebble = await PebbleServer.StartAsync(zone.Server.DnsEndpoint);
        using var http = Dns01Issuance.HttpClientFor(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = await Dns01Issuance.ConnectAsync(pebble, http, accountKey);
        var order = await client.BeginDns01OrderAsync(["w.example.test"]);
        using var control = zone.Server.CreateClient();
        var challenge = order.Challenges.Single();
        var wrong = KeyAuthorization.TxtValue($"not {challenge.KeyAuthorization}");
        await control.PublishAsync(challenge.RecordName, wrong);
        try
        {
            await order.AnswerAllAsync();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var finalize = () => order.FinalizeAsync(Dns01Issuance.Csr(key, ["w.example.test"]));

            var failure = (await finalize.Should().ThrowAsync<AcmeException>()).Which;
            failure.Type.Should().Be(AcmeErrorTypes.Unauthorized, failure.Message);
            failure.IsRateLimited.Should().BeFalse();
        }
        finally
        {
            await control.RemoveAsync(challenge.RecordName, wrong);
        }
    }
}
