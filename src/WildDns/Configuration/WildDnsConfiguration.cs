using Microsoft.Extensions.Configuration;

namespace WildDns.Configuration;

/// <summary>
/// The configuration the client verbs (<c>challenge</c>, <c>health</c>, <c>explain</c>) read, from the sources
/// <c>wilddns serve</c> reads, in its order: <c>appsettings.json</c> and <c>appsettings.&lt;Environment&gt;.json</c> in the
/// working directory, environment variables (<c>WildDns__Control__Port</c>), then the command line's switches. One
/// setting thus moves the server and its clients together.
/// </summary>
public static class WildDnsConfiguration
{
    /// <summary>Builds it and checks its values (throws <see cref="ConfigurationError"/> for one of the wrong type).</summary>
    public static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>> switches)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true)
            .AddJsonFile(Path.GetFullPath($"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(switches)
            .Build();
        SettingsCatalog.Check(configuration);
        return configuration;
    }
}
