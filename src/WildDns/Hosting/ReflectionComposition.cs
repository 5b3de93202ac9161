using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Configuration;
using WildDns.Core.Networks;
using WildDns.Dns.Cookies;
using WildDns.Dns.RateLimiting;
using WildDns.Telemetry;

namespace WildDns.Hosting;

/// <summary>Composes the <see cref="ReflectionGuard"/> of UDP answers: response rate limiting and DNS Cookies, with their metrics.</summary>
public static class ReflectionComposition
{
    /// <summary>
    /// Reads <c>WildDns:Dns:RateLimit</c> and <c>WildDns:Dns:Cookies</c> now, so that a bad value (or an unreadable secret
    /// file) stops the start with <see cref="ConfigurationError"/>, and registers the guard the DNS listeners apply.
    /// </summary>
    public static IServiceCollection AddWildDnsReflectionGuard(this IServiceCollection services, IConfiguration configuration, DnsSettings dns)
    {
        var rates = ReadRates(SettingsBinder.Bind<RateLimitSettings>(configuration, RateLimitSettings.Section));
        var cookies = ReadCookies(SettingsBinder.Bind<CookieSettings>(configuration, CookieSettings.Section));
        services.AddSingleton(provider =>
        {
            var guard = new ReflectionGuard(rates, cookies, (ushort)dns.MaxUdpSize, provider.GetService<TimeProvider>() ?? TimeProvider.System);
            ReflectionMetrics.Register(provider.GetRequiredService<IMeterFactory>(), guard.Counters);
            return guard;
        });
        return services;
    }

    private static RateLimitOptions ReadRates(RateLimitSettings settings)
    {
        Range(nameof(settings.ResponsesPerSecond), settings.ResponsesPerSecond, 0, 1_000_000);
        Range(nameof(settings.Burst), settings.Burst, 1, 1_000_000);
        Range(nameof(settings.Slip), settings.Slip, 0, 10);
        Range(nameof(settings.Ipv4PrefixLength), settings.Ipv4PrefixLength, 0, 32);
        Range(nameof(settings.Ipv6PrefixLength), settings.Ipv6PrefixLength, 0, 128);
        Range(nameof(settings.TableSize), settings.TableSize, 4, 1 << 24);
        var exempt = new List<NetworkPrefix>();
        for (var i = 0; i < settings.Exempt.Count; i++)
        {
            try
            {
                exempt.Add(NetworkPrefix.Parse(settings.Exempt[i]));
            }
            catch (FormatException e)
            {
                throw new ConfigurationError($"{RateLimitSettings.Section}:Exempt:{i}", e.Message);
            }
        }

        return new RateLimitOptions
        {
            ResponsesPerSecond = settings.ResponsesPerSecond,
            Burst = settings.Burst,
            Slip = settings.Slip,
            Ipv4PrefixLength = settings.Ipv4PrefixLength,
            Ipv6PrefixLength = settings.Ipv6PrefixLength,
            Exempt = exempt,
            TableSize = settings.TableSize,
        };
    }

    private static ServerCookies? ReadCookies(CookieSettings settings)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(settings.Secret) && !string.IsNullOrEmpty(settings.SecretFile))
        {
            throw new ConfigurationError($"{CookieSettings.Section}:Secret", "is set together with SecretFile; keep one.");
        }

        var secret = settings.SecretFile is { Length: > 0 } file
            ? Secret("SecretFile", ReadFile(file))
            : settings.Secret is { Length: > 0 } text ? Secret("Secret", text) : null;
        var previous = settings.PreviousSecret is { Length: > 0 } old ? Secret("PreviousSecret", old) : null;
        if (secret is null)
        {
            return previous is null
                ? ServerCookies.Generate()
                : throw new ConfigurationError($"{CookieSettings.Section}:PreviousSecret", "is set without Secret or SecretFile.");
        }

        return new ServerCookies(secret, previous);
    }

    private static string ReadFile(string file)
    {
        var path = Path.GetFullPath(file);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError($"{CookieSettings.Section}:SecretFile", $"{path}: {e.Message}");
        }
    }

    private static byte[] Secret(string key, string text)
    {
        try
        {
            return ServerCookies.ParseSecret(text);
        }
        catch (FormatException e)
        {
            throw new ConfigurationError($"{CookieSettings.Section}:{key}", e.Message);
        }
    }

    private static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ConfigurationError($"{RateLimitSettings.Section}:{key}", $"{value} is outside {min}-{max}.");
        }
    }
}
