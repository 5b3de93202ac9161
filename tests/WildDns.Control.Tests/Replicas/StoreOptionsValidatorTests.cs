using FluentAssertions;
using WildDns.Control.Replicas;
using Xunit;

namespace WildDns.Control.Tests.Replicas;

/// <summary>The shared store's settings are checked at start, each mistake named by its key, and the password never repeated.</summary>
public sealed class StoreOptionsValidatorTests
{
    private const string Valid = "Host=db.example.net;Database=wilddns;Username=wilddns;Password=s3cret-pass";

    public static TheoryData<string, StoreOptions, string?> Cases => new()
    {
        { "no connection string: SQLite, nothing else checked", new() { Heartbeat = TimeSpan.Zero }, null },
        { "a complete connection string", new() { ConnectionString = Valid }, null },
        { "an unknown keyword", new() { ConnectionString = "Hots=db;Password=s3cret-pass" }, "WildDns:Store:ConnectionString is not a PostgreSQL connection string" },
        { "no host", new() { ConnectionString = "Database=wilddns;Password=s3cret-pass" }, "WildDns:Store:ConnectionString names no Host" },
        { "a heartbeat of zero", new() { ConnectionString = Valid, Heartbeat = TimeSpan.Zero }, "WildDns:Store:Heartbeat must be between" },
        { "a timeout shorter than two heartbeats", new() { ConnectionString = Valid, Heartbeat = TimeSpan.FromSeconds(5), ReplicaTimeout = TimeSpan.FromSeconds(8) }, "WildDns:Store:ReplicaTimeout (00:00:08) must be at least twice" },
        { "a publish wait of days (hh:mm:ss misread)", new() { ConnectionString = Valid, PublishTimeout = TimeSpan.FromDays(5) }, "WildDns:Store:PublishTimeout must be between" },
        { "a replica id with a control character", new() { ConnectionString = Valid, ReplicaId = "ns1\n" }, "WildDns:Store:ReplicaId must be" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Settings_are_accepted_or_refused_naming_the_key(string scenario, StoreOptions options, string? failure)
    {
        var result = new StoreOptionsValidator().Validate(null, options);

        if (failure is null)
        {
            result.Succeeded.Should().BeTrue(scenario + ": " + result.FailureMessage);
            return;
        }

        result.Failed.Should().BeTrue(scenario);
        result.FailureMessage.Should().Contain(failure, scenario).And.NotContain("s3cret-pass", scenario);
    }
}
