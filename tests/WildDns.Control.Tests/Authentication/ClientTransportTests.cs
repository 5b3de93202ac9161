using FluentAssertions;
using Grpc.Net.Client;
using WildDns.Client;
using WildDns.Control.Tests.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Authentication;

/// <summary>
/// The client never puts a token on the network in clear text (the constructors refuse before any connection), and
/// refuses TLS files it cannot use. Connections with those files are in <see cref="MutualTlsTests"/>.
/// </summary>
public sealed class ClientTransportTests
{
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

    [Theory]
    [InlineData("a CA file that is missing", "/nonexistent/ca.pem", null, null)]
    [InlineData("a certificate without its key", null, "client.pem", null)]
    public void Unusable_tls_files_are_refused_with_a_message(string scenario, string? caFile, string? certificate, string? key)
    {
        var connect = () => new ChallengeClient(new Uri("https://127.0.0.1:5380"), null, new ControlPlaneTls(caFile, certificate, key));

        connect.Should().Throw<ArgumentException>(scenario);
    }
}
