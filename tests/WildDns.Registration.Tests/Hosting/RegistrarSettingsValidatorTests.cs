using FluentAssertions;
using WildDns.Registration.Hosting;
using Xunit;

namespace WildDns.Registration.Tests.Hosting;

public sealed class RegistrarSettingsValidatorTests
{
    public static TheoryData<string, Action<RegistrarSettings>, string> Mistakes => new()
    {
        { "no zone", settings => settings.Zone = "", "WildDns:Registrar:Zone" },
        { "a zone of one label", settings => settings.Zone = "localhost", "WildDns:Registrar:Zone" },
        { "a bad EST listen address", settings => settings.Est.Listen = "example.com", "WildDns:Registrar:Est:Listen" },
        { "one port for both", settings => settings.Admin.Port = settings.Est.Port, "WildDns:Registrar:Est:Port and WildDns:Registrar:Admin:Port must differ" },
        { "an http EST URL", settings => settings.Est.Url = "http://registrar.example.com/.well-known/est", "WildDns:Registrar:Est:Url" },
        { "a short token", settings => settings.Admin.Token = "short", "at least 16 characters" },
        { "admin beyond loopback without a token", settings => settings.Admin.Listen = "0.0.0.0", "WildDns:Registrar:Admin:Token is required" },
        { "a limited token without institution", settings => settings.Admin.Tokens.Add(new InstitutionToken { Token = "0123456789abcdefgh" }), "Tokens:N:Institution" },
        { "no orders in flight", settings => settings.OrdersInFlight = 0, "WildDns:Registrar:OrdersInFlight" },
        { "a retry-after of days", settings => settings.RetryAfter = TimeSpan.FromDays(10), "WildDns:Registrar:RetryAfter" },
        { "a missing certificate file", settings => settings.Est.Certificate = "/nonexistent/est.pem", "WildDns:Registrar:Est:Certificate" },
    };

    [Fact]
    public void The_defaults_with_a_zone_are_valid()
    {
        RegistrarSettingsValidator.Validate(new RegistrarSettings { Zone = "cert.example.com" }).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_is_reported_with_its_key(string name, Action<RegistrarSettings> mistake, string expected)
    {
        var settings = new RegistrarSettings { Zone = "cert.example.com" };
        mistake(settings);

        RegistrarSettingsValidator.Validate(settings).Should().ContainSingle(name).Which.Should().Contain(expected);
    }
}
