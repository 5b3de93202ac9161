using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Acme.Api;
using WildDns.Acme.Dns01;
using WildDns.Acme.Renewal;
using WildDns.Acme.Tests.Renewal;
using Xunit;

namespace WildDns.Acme.Tests.Stub;

/// <summary>
/// What Debian's pebble cannot show, against <see cref="AcmeStubServer"/>: rate limits with Retry-After, ARI renewalInfo
/// and <c>replaces</c>, and the bound on badNonce retries.
/// </summary>
public sealed class StubbedCaTests : IAsyncLifetime
{
    private static readonly string[] Names = ["r.example.test"];
    private readonly ECDsa accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AcmeStubServer stub = null!;
    private AcmeClient client = null!;

    public async Task InitializeAsync()
    {
        stub = AcmeStubServer.Start();
        client = await AcmeClient.ConnectAsync(new AcmeClientOptions { DirectoryUrl = stub.DirectoryUrl, AccountKey = accountKey, HttpClient = http });
    }

    [Fact]
    public async Task RateLimitedOrderIsATypedErrorWithRetryAfterAndSucceedsOnceThatPassed()
    {
        stub.RateLimitedUntil = DateTimeOffset.UtcNow.AddSeconds(2);

        var refused = (await FluentActions.Awaiting(() => client.BeginDns01OrderAsync(Names)).Should().ThrowAsync<AcmeException>()).Which;

        refused.IsRateLimited.Should().BeTrue();
        refused.Detail.Should().Be("too many new orders for r.example.test");
        refused.RetryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));

        await Task.Delay(refused.RetryAfter!.Value + TimeSpan.FromMilliseconds(200));
        var order = await client.BeginDns01OrderAsync(Names);
        var challenge = order.Challenges.Should().ContainSingle().Subject;
        challenge.RecordName.Should().Be("_acme-challenge.r.example.test");
        challenge.KeyAuthorization.Should().Be($"tok3n.{client.Core.Signer.Thumbprint}");
        challenge.TxtValue.Should().Be(KeyAuthorization.TxtValue(challenge.KeyAuthorization));
    }

    [Fact]
    public async Task RenewalInfoIsAskedForByCertificateIdentifierAndItsWindowRead()
    {
        using var certificate = Issued(valid: true);
        var window = (Start: DateTimeOffset.UtcNow.AddDays(10), End: DateTimeOffset.UtcNow.AddDays(12));
        stub.Window = (window.Start, window.End, 21600);

        var info = await client.RenewalInfo.GetAsync(certificate, CancellationToken.None);

        client.RenewalInfo.IsOffered.Should().BeTrue();
        stub.RenewalInfoRequests.Should().Equal(CertificateIdentifier.For(certificate));
        info.SuggestedWindow.Start.Should().BeCloseTo(window.Start, TimeSpan.FromMilliseconds(1));
        info.SuggestedWindow.End.Should().BeCloseTo(window.End, TimeSpan.FromMilliseconds(1));
        info.RetryAfter.Should().Be(TimeSpan.FromHours(6));
        info.ExplanationUrl.Should().Be(new Uri(stub.BaseUrl, "why"));
        info.PickRenewalTime(new Random(7)).Should().BeOnOrAfter(info.SuggestedWindow.Start).And.BeOnOrBefore(info.SuggestedWindow.End);
    }

    [Fact]
    public async Task RenewingAStillValidCertificateNamesItInReplaces()
    {
        using var certificate = Issued(valid: true);

        var order = await client.BeginDns01OrderAsync(Names, replacing: certificate);

        stub.Orders.Should().ContainSingle().Which["replaces"]!.GetValue<string>().Should().Be(CertificateIdentifier.For(certificate));
        order.Order.Replaces.Should().Be(CertificateIdentifier.For(certificate));
    }

    [Fact]
    public async Task AnExpiredCertificateIsNotNamed()
    {
        using var certificate = Issued(valid: false);

        await client.BeginDns01OrderAsync(Names, replacing: certificate);

        stub.Orders.Should().ContainSingle().Which.ContainsKey("replaces").Should().BeFalse("RFC 9773 §5: only a certificate still valid is replaced");
    }

    [Fact]
    public async Task AnAlreadyReplacedCertificateIsOrderedAgainWithoutReplaces()
    {
        using var certificate = Issued(valid: true);
        stub.AlreadyReplaced[CertificateIdentifier.For(certificate)] = true;

        var order = await client.BeginDns01OrderAsync(Names, replacing: certificate);

        stub.Orders.Select(payload => payload.ContainsKey("replaces")).Should().Equal(true, false);
        order.Order.Replaces.Should().BeNull();
    }

    [Fact]
    public async Task ABadNonceIsRetriedOnceWithTheFreshNonceThatCameWithIt()
    {
        stub.RefuseNextNonces(1);

        await client.BeginDns01OrderAsync(Names);

        stub.PostsTo("/order").Should().Be(2, "one refusal, one retry, and no nonce used twice");
        stub.UserAgent.Should().Be(AcmeCore.UserAgent, "RFC 8555 §6.1: every request names its client");
    }

    [Fact]
    public async Task AServerThatRefusesEveryNonceEndsWithBadNonceAfterABoundedNumberOfRetries()
    {
        stub.RefuseNextNonces(int.MaxValue);

        var refused = (await FluentActions.Awaiting(() => client.BeginDns01OrderAsync(Names)).Should().ThrowAsync<AcmeException>()).Which;

        refused.Type.Should().Be(AcmeErrorTypes.BadNonce);
        stub.PostsTo("/order").Should().Be(AcmeCore.MaxBadNonceRetries + 1);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        http.Dispose();
        accountKey.Dispose();
        await stub.DisposeAsync();
    }

    private static X509Certificate2 Issued(bool valid) =>
        CertificateIdentifierTests.Issue(
            RandomNumberGenerator.GetBytes(20), [0x01, .. RandomNumberGenerator.GetBytes(8)], DateTimeOffset.UtcNow.AddHours(valid ? 24 : -1));
}
