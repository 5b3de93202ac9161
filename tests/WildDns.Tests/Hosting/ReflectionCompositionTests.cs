using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Configuration;
using WildDns.Dns.RateLimiting;
using WildDns.Hosting;
using Xunit;

namespace WildDns.Tests.Hosting;

/// <summary>A bad rate-limit or cookie setting stops the start with a message naming its key, and never repeats a secret.</summary>
public sealed class ReflectionCompositionTests : IDisposable
{
    private const string Secret = "e5e973e5a6b2a43f48e7dc849e37bfcf";
    private readonly string directory = Directory.CreateTempSubdirectory("wilddns-cookies-").FullName;

    [Theory]
    [InlineData("a negative rate", "--WildDns:Dns:RateLimit:ResponsesPerSecond", "-1", "WildDns:Dns:RateLimit:ResponsesPerSecond")]
    [InlineData("a burst of 0", "--WildDns:Dns:RateLimit:Burst", "0", "WildDns:Dns:RateLimit:Burst")]
    [InlineData("a slip above 10", "--WildDns:Dns:RateLimit:Slip", "11", "WildDns:Dns:RateLimit:Slip")]
    [InlineData("an IPv4 prefix of 33", "--WildDns:Dns:RateLimit:Ipv4PrefixLength", "33", "WildDns:Dns:RateLimit:Ipv4PrefixLength")]
    [InlineData("an IPv6 prefix of 129", "--WildDns:Dns:RateLimit:Ipv6PrefixLength", "129", "WildDns:Dns:RateLimit:Ipv6PrefixLength")]
    [InlineData("a table of 2 buckets", "--WildDns:Dns:RateLimit:TableSize", "2", "WildDns:Dns:RateLimit:TableSize")]
    [InlineData("an exempt network with host bits", "--WildDns:Dns:RateLimit:Exempt:0", "192.0.2.1/24", "WildDns:Dns:RateLimit:Exempt:0")]
    [InlineData("a rate that is not a number", "--WildDns:Dns:RateLimit:ResponsesPerSecond", "many", "WildDns:Dns:RateLimit:ResponsesPerSecond")]
    [InlineData("a secret of 15 bytes", "--WildDns:Dns:Cookies:Secret", "e5e973e5a6b2a43f48e7dc849e37bf", "WildDns:Dns:Cookies:Secret")]
    [InlineData("a previous secret without a secret", "--WildDns:Dns:Cookies:PreviousSecret", Secret, "WildDns:Dns:Cookies:PreviousSecret")]
    [InlineData("a secret file that is not there", "--WildDns:Dns:Cookies:SecretFile", "/nonexistent/cookie.secret", "WildDns:Dns:Cookies:SecretFile")]
    public void A_bad_value_names_its_key(string scenario, string key, string value, string named)
    {
        var build = () => WildDnsHost.Build(Arguments(key, value));

        var error = build.Should().Throw<ConfigurationError>(scenario).Which;
        error.Key.Should().Be(named);
        if (key.EndsWith("Secret", StringComparison.Ordinal))
        {
            error.Message.Should().NotContain(value, "a secret is never repeated");
        }
    }

    [Fact]
    public void A_secret_from_a_file_and_the_defaults_build_a_guard()
    {
        var file = Path.Combine(directory, "cookie.secret");
        File.WriteAllText(file, Secret + "\n");

        using var app = WildDnsHost.Build(Arguments("--WildDns:Dns:Cookies:SecretFile", file));

        app.Services.GetRequiredService<ReflectionGuard>().Should().NotBeNull();
    }

    [Fact]
    public void A_secret_and_a_secret_file_together_are_refused()
    {
        var build = () => WildDnsHost.Build([.. Arguments("--WildDns:Dns:Cookies:SecretFile", "/etc/wilddns/cookie.secret"), "--WildDns:Dns:Cookies:Secret", Secret]);

        build.Should().Throw<ConfigurationError>().Which.Key.Should().Be("WildDns:Dns:Cookies:Secret");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] Arguments(string key, string value) =>
        ["--zones", Harness.RepositoryLayout.ZonesDirectory, "--data", directory, "--WildDns:Telemetry:HttpPort", "1", key, value];
}
