using System.Net;
using FluentAssertions;
using Grpc.Core;
using Grpc.Net.Client;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Hosting;
using Xunit;

namespace WildDns.Registration.Tests.Hosting;

/// <summary>The composed host: each listener answers only its own protocol, and an unconfigured admin API gets a generated token.</summary>
public sealed class RegistrarHostTests : RegistrarTest
{
    [Fact]
    public async Task EST_paths_are_not_served_on_the_admin_port()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await client.GetAsync($"http://127.0.0.1:{Registrar.Settings.Admin.Port}/.well-known/est/cacerts");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_admin_API_is_not_served_on_the_EST_port()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{Registrar.Settings.Est.Port}", new GrpcChannelOptions { HttpHandler = handler });
        var client = new RegistrarService.RegistrarServiceClient(channel);

        var list = async () => await client.ListAsync(new ListRequest(), new Metadata { { "authorization", $"Bearer {TestRegistrar.AdminToken}" } });

        (await list.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Without_a_configured_token_one_is_generated_owner_only_and_accepted()
    {
        await Registrar.DisposeAsync();
        Registrar = await TestRegistrar.StartAsync(Data, Authority, settings =>
        {
            settings.Admin.Token = null;
            settings.Admin.Tokens = [];
        });
        var path = Path.Combine(Data, AdminSettings.TokenFileName);

        var token = (await File.ReadAllTextAsync(path)).Trim();

        token.Should().HaveLength(43);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await Registrar.Admin(token).ListAsync(new ListRequest())).Devices.Should().BeEmpty();
    }
}
