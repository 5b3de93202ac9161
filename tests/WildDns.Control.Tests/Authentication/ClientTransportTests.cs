using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Grpc.Core;
using Grpc.Net.Client;
using WildDns.Client;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Authentication;

/// <summary>
/// The client never puts a token on the network in clear text, and reaches a TLS control plane with the CA, certificate
/// and key files that the CLI's <c>--ca-file</c>, <c>--cert</c> and <c>--key</c> name.
/// </summary>
public sealed class ClientTransportTests : IAsyncLifetime
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    private readonly TemporaryDirectory data = new();
    private X509Certificate2 clientAuthority = null!;
    private string serverCertificate = null!;
    private ControlPlaneHost host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(data.Path);
        clientAuthority = TestCertificates.CreateAuthority("WildDns test client CA");
        using var server = TestCertificates.CreateServer();
        serverCertificate = Path.Combine(data.Path, "server.pem");
        var key = Path.Combine(data.Path, "server.key");
        var clientCa = Path.Combine(data.Path, "client-ca.pem");
        TestCertificates.WritePem(server, serverCertificate, key);
        TestCertificates.WritePem(clientAuthority, clientCa);
        host = await ControlPlaneHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["WildDns:Control:Certificate"] = serverCertificate,
            ["WildDns:Control:CertificateKey"] = key,
            ["WildDns:Control:ClientCa"] = clientCa,
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        clientAuthority.Dispose();
        data.Dispose();
    }

    [Theory]
    [InlineData("a documentation address", "http://192.0.2.1:5380")]
    [InlineData("a host name", "http://dns1.example.net:5380")]
    [InlineData("an IPv6 address", "http://[2001:db8::1]:5380")]
    public void A_token_is_not_sent_in_clear_text_beyond_loopback(string scenario, string server)
    {
        var connect = () => new ChallengeClient(new Uri(server), ControlPlaneHost.Token);

        connect.Should().Throw<ArgumentException>(scenario).WithMessage("*clear text*https://*");
    }

    [Theory]
    [InlineData("IPv4 loopback", "http://127.0.0.1:5380")]
    [InlineData("another IPv4 loopback address", "http://127.0.0.53:5380")]
    [InlineData("IPv6 loopback", "http://[::1]:5380")]
    [InlineData("localhost", "http://localhost:5380")]
    [InlineData("TLS beyond loopback", "https://dns1.example.net:5380")]
    [InlineData("cleartext without a token", "http://192.0.2.1:5380")]
    public void A_token_may_go_over_loopback_or_tls(string scenario, string server)
    {
        var token = scenario.Contains("without a token", StringComparison.Ordinal) ? null : ControlPlaneHost.Token;

        var connect = () => new ChallengeClient(new Uri(server), token).Dispose();

        connect.Should().NotThrow(scenario);
    }

    [Fact]
    public void A_token_over_a_callers_channel_to_another_machine_is_refused()
    {
        using var channel = GrpcChannel.ForAddress("https://dns1.example.net:5380");

        var connect = () => new ChallengeClient(channel, ControlPlaneHost.Token);

        connect.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task The_ca_file_makes_the_servers_certificate_trusted_and_the_token_goes_over_tls()
    {
        using var client = new ChallengeClient(host.Address, ControlPlaneHost.Token, new ControlPlaneTls(CaFile: serverCertificate));

        await client.PublishAsync(Name, Digests.Of("over tls"));

        host.Address.Scheme.Should().Be("https");
        host.Reader.Find(Name).ToArray().Should().Equal(Digests.Of("over tls"));
    }

    [Fact]
    public async Task Without_the_ca_file_a_self_issued_server_certificate_is_not_trusted()
    {
        using var client = new ChallengeClient(host.Address, ControlPlaneHost.Token, new ControlPlaneTls());

        var failure = await client.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>();

        failure.Which.Status.Detail.Should().Contain("SSL connection could not be established");
        host.Store.PublishedCount.Should().Be(0);
    }

    [Fact]
    public async Task A_client_certificate_and_key_from_pem_files_authenticate_without_a_token()
    {
        using var certificate = TestCertificates.CreateClient(clientAuthority, "registration server");
        var certificateFile = Path.Combine(data.Path, "client.pem");
        var keyFile = Path.Combine(data.Path, "client.key");
        TestCertificates.WritePem(certificate, certificateFile, keyFile);
        using var client = new ChallengeClient(host.Address, token: null, new ControlPlaneTls(serverCertificate, certificateFile, keyFile));

        await client.PublishAsync(Name, Digests.Of("by certificate"));

        host.Reader.Find(Name).ToArray().Should().Equal(Digests.Of("by certificate"));
    }

    [Theory]
    [InlineData("a CA file that is missing", "/nonexistent/ca.pem", null, null)]
    [InlineData("a certificate without its key", null, "client.pem", null)]
    public void Unusable_tls_files_are_refused_with_a_message(string scenario, string? caFile, string? certificate, string? key)
    {
        var connect = () => new ChallengeClient(host.Address, null, new ControlPlaneTls(caFile, certificate, key));

        connect.Should().Throw<ArgumentException>(scenario);
    }
}
