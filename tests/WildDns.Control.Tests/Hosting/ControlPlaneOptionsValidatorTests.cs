using FluentAssertions;
using WildDns.Control.Hosting;
using Xunit;

namespace WildDns.Control.Tests.Hosting;

/// <summary>The control plane's settings at start: tokens only over TLS beyond loopback, token entries whole, listen addresses bindable.</summary>
public sealed class ControlPlaneOptionsValidatorTests
{
    private const string Token = "a-token-of-sixteen-or-more";

    public static TheoryData<string, ControlPlaneOptions, string?> Cases => new()
    {
        { "loopback, cleartext, generated token", new() { Listen = "127.0.0.1" }, null },
        { "beyond loopback without TLS", new() { Listen = "0.0.0.0", Token = Token }, "WildDns:Control:Certificate is required" },
        { "beyond loopback without TLS, opted out", new() { Listen = "0.0.0.0", Token = Token, AllowCleartext = true }, null },
        { "beyond loopback without any token", new() { Listen = "0.0.0.0", AllowCleartext = true }, "WildDns:Control:TokenFile (or :Token, :Tokens) is required" },
        { "an IPv4 address written as IPv6", new() { Listen = "::ffff:127.0.0.1" }, "write it as 127.0.0.1" },
        { "token and token file both", new() { Token = Token, TokenFile = "/etc/hostname" }, "keep one" },
        { "token file missing", new() { TokenFile = "/nonexistent/control.token" }, "does not exist" },
        { "a token entry without a secret", WithEntry(new()), "WildDns:Control:Tokens:0 needs exactly one of TokenFile and Token" },
        { "a token entry with a short token", WithEntry(new() { Token = "short" }), "WildDns:Control:Tokens:0:Token must be at least 16" },
        { "a token entry with a bad scope", WithEntry(new() { Token = Token, Scopes = { "abc..cert.example.com" } }), "WildDns:Control:Tokens:0:Scopes" },
        { "a scoped token entry", WithEntry(new() { Token = Token, Scopes = { "abc.cert.example.com,def.cert.example.com" } }), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Settings_are_accepted_or_refused_naming_the_key(string scenario, ControlPlaneOptions options, string? failure)
    {
        var result = new ControlPlaneOptionsValidator().Validate(null, options);

        if (failure is null)
        {
            result.Succeeded.Should().BeTrue(scenario + ": " + result.FailureMessage);
        }
        else
        {
            result.Failed.Should().BeTrue(scenario);
            result.FailureMessage.Should().Contain(failure, scenario);
        }
    }

    private static ControlPlaneOptions WithEntry(ControlTokenOptions entry)
    {
        var options = new ControlPlaneOptions();
        options.Tokens.Add(entry);
        return options;
    }
}
