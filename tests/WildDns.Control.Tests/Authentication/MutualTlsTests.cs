using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Grpc.Core;
using Grpc.Net.Client;
using WildDns.Client;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Authentication;

/// <summary>
/// With a client CA configured, a client certificate it issued authenticates a call without a token (SPEC §5); the client
/// reaches the TLS control plane with the CA, certificate and key files that the CLI's <c>--ca-file</c>, <c>--cert</c> and
/// <c>--key</c> name.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private const string Name = "_acme-challenge.abc.cert.example.com";

    private readonly TemporaryDirectory data = new();
    private X509Certificate2 authority = null!;
    private string serverCertificate = null!;
    private ControlPlaneHost host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(data.Path);
        authority = TestCertificates.CreateAuthority("WildDns test client CA");
        using var server = TestCertificates.CreateServer();
        var certificate = Path.Combine(data.Path, "server.pem");
        var key = Path.Combine(data.Path, "server.key");
        var clientCa = Path.Combine(data.Path, "client-ca.pem");
        TestCertificates.WritePem(server, certificate, key);
        TestCertificates.WritePem(authority, clientCa);
        serverCertificate = certificate;
        host = await ControlPlaneHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["WildDns:Control:Certificate"] = certificate,
            ["WildDns:Control:CertificateKey"] = key,
            ["WildDns:Control:ClientCa"] = clientCa,
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        authority.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task A_client_certificate_from_the_client_ca_authenticates_without_a_token()
    {
        using var certificate = TestCertificates.CreateClient(authority, "registration server");
        using var client = Connect(certificate);

        await client.PublishAsync(Name, Digests.Of("x"));

        host.Address.Scheme.Should().Be("https");
        host.Reader.Find(Name).ToArray().Should().Equal(Digests.Of("x"));
    }

    [Fact]
    public async Task Without_certificate_or_token_the_call_is_refused_with_unauthenticated()
    {
        using var client = Connect(certificate: null);

        var failure = await client.Invoking(c => c.ListAsync()).Should().ThrowAsync<RpcException>();

        failure.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_does_not_get_through()
    {
        using var stranger = TestCertificates.CreateAuthority("Someone else's CA");
        using var certificate = TestCertificates.CreateClient(stranger, "intruder");
        using var client = Connect(certificate);

        await client.Invoking(c => c.PublishAsync(Name, Digests.Of("x"))).Should().ThrowAsync<RpcException>();

        host.Store.PublishedCount.Should().Be(0);
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
        using var certificate = TestCertificates.CreateClient(authority, "registration server");
        var certificateFile = Path.Combine(data.Path, "client.pem");
        var keyFile = Path.Combine(data.Path, "client.key");
        TestCertificates.WritePem(certificate, certificateFile, keyFile);
        using var client = new ChallengeClient(host.Address, token: null, new ControlPlaneTls(serverCertificate, certificateFile, keyFile));

        await client.PublishAsync(Name, Digests.Of("by certificate"));

        host.Reader.Find(Name).ToArray().Should().Equal(Digests.Of("by certificate"));
    }

    private ChallengeClient Connect(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();

        // The server certificate is a throwaway; what is under test is the client side of the handshake.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return new ChallengeClient(host.Address, token: null, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
