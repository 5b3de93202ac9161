using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WildDns.Client;
using WildDns.Control.Challenges;
using WildDns.Control.Hosting;
using WildDns.Core.Challenges;
using WildDns.Core.Synthesis;

namespace WildDns.Control.Tests.Hosting;

/// <summary>
/// A web application composed only of the control plane's extension methods, on a free loopback port with cleartext
/// HTTP/2, as <c>wilddns serve</c> composes it; the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    public const string Zone = "cert.example.com";
    public const string Token = "test-token-0123456789abcdef";

    private readonly WebApplication app;

    private ControlPlaneHost(WebApplication app, string dataDirectory, FakeTimeProvider time)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        Time = time;
        Address = new Uri(app.Urls.First());
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public Uri Address { get; }

    public IServiceProvider Services => app.Services;

    public ChallengeStore Store => app.Services.GetRequiredService<ChallengeStore>();

    public IChallengeReader Reader => app.Services.GetRequiredService<IChallengeReader>();

    /// <summary>
    /// Starts a control plane; <paramref name="settings"/> adds to or overrides the defaults (token set, port 0, a fresh data
    /// directory); <paramref name="services"/> registers more, such as an archive of the test's own.
    /// </summary>
    public static async Task<ControlPlaneHost> StartAsync(
        string? dataDirectory = null, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        dataDirectory ??= NewDataDirectory();
        time ??= new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var configuration = new Dictionary<string, string?>
        {
            ["WildDns:DataDirectory"] = dataDirectory,
            ["WildDns:Control:Port"] = "0",
            ["WildDns:Control:Token"] = Token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SynthesisPolicy([new ZonePolicy(Zone)]));
        builder.Services.AddSingleton<TimeProvider>(time);
        services?.Invoke(builder.Services);
        builder.Services.AddWildDnsControlPlane(builder.Configuration);
        var app = builder.Build();
        app.MapWildDnsControlPlane();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ControlPlaneHost(app, dataDirectory, time);
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "wilddns-control-" + Guid.NewGuid().ToString("N"));

    public ChallengeClient Client(string? token = Token) => new(Address, token);

    /// <summary>Stops the server; the data directory stays, so that a new host can start on it.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
