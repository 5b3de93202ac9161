using FluentAssertions;
using WildDns.Configuration;
using WildDns.Hosting;
using Xunit;

namespace WildDns.Tests.Operations;

/// <summary>A bad telemetry, logging or reload setting stops the start with a message naming its key.</summary>
public sealed class OperationsSettingsTests
{
    [Theory]
    [InlineData("sample rate above 1", "--WildDns:Logging:QuerySampleRate", "2", "WildDns:Logging:QuerySampleRate")]
    [InlineData("OTLP endpoint not a URL", "--WildDns:Telemetry:OtlpEndpoint", "collector:4317", "WildDns:Telemetry:OtlpEndpoint")]
    [InlineData("unknown OTLP protocol", "--WildDns:Telemetry:OtlpProtocol", "thrift", "WildDns:Telemetry:OtlpProtocol")]
    [InlineData("operations port out of range", "--ops-port", "70000", "WildDns:Operations:Port")]
    [InlineData("operations listen not an address", "--ops-listen", "localhost", "WildDns:Operations:Listen")]
    [InlineData("negative reload delay", "--WildDns:Zones:ReloadDelayMilliseconds", "-1", "WildDns:Zones:ReloadDelayMilliseconds")]
    [InlineData("reload watch not a boolean", "--WildDns:Zones:Watch", "sometimes", "WildDns:Zones:Watch")]
    public void A_bad_value_names_its_key(string scenario, string key, string value, string named)
    {
        string[] args = ["--zones", Harness.RepositoryLayout.ZonesDirectory, "--ops-port", "1", key, value];

        var build = () => WildDnsHost.Build(args);

        build.Should().Throw<ConfigurationError>(scenario).Which.Key.Should().Be(named);
    }

    [Fact]
    public void The_last_of_a_repeated_switch_wins()
    {
        var pairs = CommandLineSwitches.Parse(["--dns-port", "5353", "--dns-port", "53", "--WildDns:Dns:Port", "54"]);

        pairs.Should().ContainSingle(pair => pair.Key.Equals("WildDns:Dns:Port", StringComparison.OrdinalIgnoreCase)).Which.Value.Should().Be("54");
    }
}
