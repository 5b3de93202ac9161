using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WildDns.Control.Challenges;
using WildDns.Control.Hosting;
using WildDns.Core.Synthesis;

namespace WildDns.Tests.Cli;

/// <summary>A control plane on a free loopback port, composed with its extension methods, for the CLI to talk to.</summary>
internal sealed class ChallengeServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ChallengeServer(WebApplication app, string dataDirectory)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        Address = app.Urls.First();
    }

    public string DataDirectory { get; }

    public string Address { get; }

    public ChallengeStore Store => app.Services.GetRequiredService<ChallengeStore>();

    /// <summary>Starts with a configured <paramref name="token"/>, or with none so that the server writes control.token.</summary>
    public static async Task<ChallengeServer> StartAsync(string? token)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wilddns-cli-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WildDns:DataDirectory"] = dataDirectory,
            ["WildDns:Control:Port"] = "0",
            ["WildDns:Control:Token"] = token,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SynthesisPolicy([new ZonePolicy("cert.example.com")]));
        builder.Services.AddWildDnsControlPlane(builder.Configuration);
        var app = builder.Build();
        app.MapWildDnsControlPlane();
        await app.StartAsync();
        return new ChallengeServer(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
