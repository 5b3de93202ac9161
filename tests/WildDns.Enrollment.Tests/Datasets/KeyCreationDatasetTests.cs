using FluentAssertions;
using WildDns.Enrollment.Datasets;
using Xunit;

namespace WildDns.Enrollment.Tests.Datasets;

public sealed class KeyCreationDatasetTests
{
    private const string Pin = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private const string Complete = $$"""
        {
          "certid": "c7k2m4q9x3b5t",
          "secret": "s3cr3t-one-time",
          "zone": "cert.example.com.",
          "names": ["*.c7k2m4q9x3b5t.cert.example.com", "*.C7K2M4Q9X3B5T.cname.cert.example.com."],
          "est": "https://registrar.example:5443/.well-known/est/",
          "expires": "2026-12-31T00:00:00Z",
          "est_pin": "{{Pin}}"
        }
        """;

    [Fact]
    public void Parse_ReadsEveryField_AndNormalisesNames()
    {
        var dataset = KeyCreationDataset.Parse(Complete);

        dataset.Certid.Should().Be("c7k2m4q9x3b5t");
        dataset.Secret.Should().Be("s3cr3t-one-time");
        dataset.Zone.Should().Be("cert.example.com");
        dataset.Names.Should().Equal("*.c7k2m4q9x3b5t.cert.example.com", "*.c7k2m4q9x3b5t.cname.cert.example.com");
        dataset.Est.Should().Be(new Uri("https://registrar.example:5443/.well-known/est"));
        dataset.Expires.Should().Be(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
        dataset.EstPin.Should().NotBeNull();
        dataset.EstPin!.Value.ToString().Should().Be(Pin);
    }

    [Fact]
    public void ToJson_ThenParse_GivesTheSameDataset_AndWithoutSecretDropsOnlyTheSecret()
    {
        var dataset = KeyCreationDataset.Parse(Complete);

        var again = KeyCreationDataset.Parse(dataset.ToJson());
        var kept = KeyCreationDataset.Parse(dataset.WithoutSecret().ToJson());

        again.Should().BeEquivalentTo(dataset);
        kept.Secret.Should().BeNull();
        kept.ToJson().Should().NotContain("s3cr3t");
        kept.Should().BeEquivalentTo(dataset, options => options.Excluding(d => d.Secret));
    }

    [Fact]
    public void Parse_BareHost_GetsTheWellKnownPath()
    {
        var dataset = KeyCreationDataset.Parse(Complete.Replace("https://registrar.example:5443/.well-known/est/", "https://registrar.example:5443", StringComparison.Ordinal));

        dataset.Est.Should().Be(new Uri("https://registrar.example:5443/.well-known/est"));
    }

    [Theory]
    [InlineData("not JSON", "{", "not JSON")]
    [InlineData("an array", "[]", "JSON object")]
    [InlineData("no certid", """{"zone":"z","names":["a"],"est":"https://r","expires":"2026-01-01T00:00:00Z"}""", "'certid'")]
    [InlineData("empty names", """{"certid":"c","zone":"z","names":[],"est":"https://r","expires":"2026-01-01T00:00:00Z"}""", "'names'")]
    [InlineData("a number as a name", """{"certid":"c","zone":"z","names":[1],"est":"https://r","expires":"2026-01-01T00:00:00Z"}""", "'names'")]
    [InlineData("EST over plain HTTP", """{"certid":"c","zone":"z","names":["a"],"est":"http://r","expires":"2026-01-01T00:00:00Z"}""", "https URL")]
    [InlineData("expiry not a date", """{"certid":"c","zone":"z","names":["a"],"est":"https://r","expires":"soon"}""", "'expires'")]
    [InlineData("pin too short", """{"certid":"c","zone":"z","names":["a"],"est":"https://r","expires":"2026-01-01T00:00:00Z","est_pin":"abcd"}""", "'est_pin'")]
    [InlineData("secret as a number", """{"certid":"c","secret":5,"zone":"z","names":["a"],"est":"https://r","expires":"2026-01-01T00:00:00Z"}""", "'secret'")]
    public void Parse_Refuses_NamingTheField(string scenario, string json, string expected)
    {
        var parse = () => KeyCreationDataset.Parse(json);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }
}
