using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Authority;
using WildDns.Registration.Hosting;
using WildDns.Testing;

namespace WildDns.Registration.Tests.Hosting;

/// <summary>
/// A registrar composed by <see cref="RegistrarHost.Build(RegistrarSettings, ICertificateAuthority, Action{Microsoft.AspNetCore.Builder.WebApplicationBuilder}?)"/>
/// as <c>wilddns registrar serve</c> will compose it, on free loopback ports, with a data directory that outlives it so
/// a second one can start on it.
/// </summary>
internal sealed class TestRegistrar : IAsyncDisposable
{
    public const string Zone = "cert.example.com";
    public const string AdminToken = "admin-token-0123456789abcdef";
    public const string StMaryToken = "st-mary-token-0123456789abcdef";

    private TestRegistrar(RegistrarHost host, CapturedLogs logs)
    {
        Host = host;
        Logs = logs;
    }

    /// <summary>Everything the registrar logged.</summary>
    public CapturedLogs Logs { get; }

    public RegistrarHost Host { get; }

    public RegistrarSettings Settings => Host.Settings;

    public Uri EstBase => new($"https://127.0.0.1:{Settings.Est.Port}/.well-known/est/");

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "wilddns-registrar-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts a registrar on <paramref name="dataDirectory"/> with <paramref name="authority"/>; retries on a port taken meanwhile.</summary>
    public static async Task<TestRegistrar> StartAsync(string dataDirectory, ICertificateAuthority authority, Action<RegistrarSettings>? adjust = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Distinct(2);
            var settings = new RegistrarSettings
            {
                DataDirectory = dataDirectory,
                Zone = Zone,
                RetryAfter = TimeSpan.FromSeconds(1),
                Est = { Listen = "127.0.0.1", Port = ports[0] },
                Admin =
                {
                    Listen = "127.0.0.1",
                    Port = ports[1],
                    Token = AdminToken,
                    Tokens = [new InstitutionToken { Token = StMaryToken, Institution = "St. Mary" }],
                },
            };
            adjust?.Invoke(settings);
            settings.Est.Url = $"https://127.0.0.1:{settings.Est.Port}/.well-known/est";
            var logs = new CapturedLogs();
            var host = RegistrarHost.Build(settings, authority, builder => builder.Logging.ClearProviders().AddProvider(logs));
            try
            {
                await host.StartAsync();
                return new TestRegistrar(host, logs);
            }
            catch (IOException exception) when (attempt < 5 && exception.InnerException is SocketException or null)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The admin client with <paramref name="token"/> (the all-institutions token by default).</summary>
    public RegistrarService.RegistrarServiceClient Admin(string token = AdminToken)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Settings.Admin.Port}");
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });
        return new RegistrarService.RegistrarServiceClient(invoker);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}
