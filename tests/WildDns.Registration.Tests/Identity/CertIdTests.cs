using FluentAssertions;
using WildDns.Registration.Identity;
using Xunit;

namespace WildDns.Registration.Tests.Identity;

public sealed class CertIdTests
{
    // Key 00 01 02 ... 1f. Each expected value was computed outside .NET:
    // printf '<canonical text>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | basenc --base32 | tr A-Z a-z | cut -c1-12
    private static readonly RegistryKey Key = RegistryKey.FromBytes(Enumerable.Range(0, 32).Select(value => (byte)value).ToArray());

    public static TheoryData<string, DeviceDataset, string> Vectors => new()
    {
        { "without material", new DeviceDataset("ACME Imaging", "CT 9000", "SN-42", null, "St. Mary"), "cjnnppdhus4ub" },
        { "with material", new DeviceDataset("ACME Imaging", "CT 9000", "SN-42", "MAT-001", "St. Mary"), "cephn4tx4uuiw" },
        { "non-ASCII institution", new DeviceDataset("Siemens", "PACS", "000123", null, "Universit\u00e4tsklinikum \u00c4"), "ckppo3miawic7" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_certid_matches_the_fixed_vector(string name, DeviceDataset dataset, string expected)
    {
        CanonicalDataset.TryCreate(dataset, out var canonical, out _).Should().BeTrue();

        Key.CertIdOf(canonical!).Value.Should().Be(expected, name);
    }

    [Fact]
    public void Another_key_gives_another_certid()
    {
        CanonicalDataset.TryCreate(new DeviceDataset("ACME Imaging", "CT 9000", "SN-42", null, "St. Mary"), out var canonical, out _);
        var other = RegistryKey.FromBytes(Enumerable.Repeat((byte)7, 32).ToArray());

        other.CertIdOf(canonical!).Value.Should().NotBe("cjnnppdhus4ub").And.MatchRegex("^c[a-z2-7]{12}$");
    }

    [Theory]
    [InlineData("cjnnppdhus4ub", true)]
    [InlineData("Cjnnppdhus4ub", false)]
    [InlineData("cjnnppdhus4u", false)]
    [InlineData("cjnnppdhus4ub1", false)]
    [InlineData("cjnnppdhus0ub", false)]
    [InlineData("djnnppdhus4ub", false)]
    [InlineData("", false)]
    public void Only_c_and_twelve_base32_characters_parse(string text, bool parses)
    {
        CertId.TryParse(text, out _).Should().Be(parses);
    }

    [Fact]
    public void The_registry_key_is_generated_once_with_owner_only_access()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wilddns-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            CanonicalDataset.TryCreate(new DeviceDataset("v", "m", "s", null, "i"), out var canonical, out _);
            var first = RegistryKey.LoadOrCreate(directory).CertIdOf(canonical!);
            var again = RegistryKey.LoadOrCreate(directory).CertIdOf(canonical!);

            again.Should().Be(first);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(directory, RegistryKey.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
