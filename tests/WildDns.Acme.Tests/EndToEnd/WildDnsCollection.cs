using Xunit;

namespace WildDns.Acme.Tests.EndToEnd;

/// <summary>The end-to-end tests share one DNS server and run one after another, each with its own pebble.</summary>
[CollectionDefinition(Name)]
public sealed class WildDnsCollection : ICollectionFixture<WildDnsZone>
{
    public const string Name = "wilddns and pebble";
}
