using FluentAssertions;
using WildDns.Registration.Identity;
using Xunit;

namespace WildDns.Registration.Tests.Identity;

public sealed class CanonicalDatasetTests
{
    public static TheoryData<string, DeviceDataset, string> Forms => new()
    {
        {
            "trimmed, inner spaces collapsed, names lower case, serial upper case, no material",
            new DeviceDataset(" ACME  Imaging ", "CT 9000", "sn-42", null, "St. Mary"),
            "wilddns-device-v1\nvendor:12:acme imaging\nmodel:7:ct 9000\nserial:5:SN-42\nmaterial:0:\ninstitution:8:st. mary"
        },
        {
            "a blank material is no material",
            new DeviceDataset("ACME Imaging", "CT 9000", "SN-42", "  ", "st. mary"),
            "wilddns-device-v1\nvendor:12:acme imaging\nmodel:7:ct 9000\nserial:5:SN-42\nmaterial:0:\ninstitution:8:st. mary"
        },
        {
            "material upper case",
            new DeviceDataset("ACME Imaging", "CT 9000", "SN-42", "mat-001", "St. Mary"),
            "wilddns-device-v1\nvendor:12:acme imaging\nmodel:7:ct 9000\nserial:5:SN-42\nmaterial:7:MAT-001\ninstitution:8:st. mary"
        },
        {
            "decomposed umlauts become NFC, the length counts UTF-8 bytes, tabs and newlines are white space",
            new DeviceDataset("Siemens", "PACS", "000123", null, "\tUniversita\u0308tsklinikum\n\u00c4 "),
            "wilddns-device-v1\nvendor:7:siemens\nmodel:4:pacs\nserial:6:000123\nmaterial:0:\ninstitution:24:universit\u00e4tsklinikum \u00e4"
        },
        {
            "a colon or newline-like text in a value cannot shift the fields",
            new DeviceDataset("a:1:b", "m", "s", null, "i"),
            "wilddns-device-v1\nvendor:5:a:1:b\nmodel:1:m\nserial:1:S\nmaterial:0:\ninstitution:1:i"
        },
    };

    public static TheoryData<string, DeviceDataset, string> Refusals => new()
    {
        { "no vendor", new DeviceDataset(" ", "m", "s", null, "i"), "vendor is missing" },
        { "no serial", new DeviceDataset("v", "m", "", null, "i"), "serial is missing" },
        { "no institution", new DeviceDataset("v", "m", "s", null, ""), "institution is missing" },
        { "a control character", new DeviceDataset("v", "m", "s\u0007", null, "i"), "serial holds a control character (U+0007)" },
        { "a zero-width character", new DeviceDataset("v", "m\u200b", "s", null, "i"), "model holds a control character (U+200B)" },
        { "an unpaired surrogate", new DeviceDataset("v\ud800", "m", "s", null, "i"), "not valid Unicode" },
        { "too long", new DeviceDataset("v", new string('m', 257), "s", null, "i"), "model is 257 characters long" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_canonical_text_is_fixed(string name, DeviceDataset dataset, string expected)
    {
        CanonicalDataset.TryCreate(dataset, out var canonical, out var error).Should().BeTrue(error);

        canonical!.Text.Should().Be(expected, name);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Unusable_fields_are_refused_with_their_name(string name, DeviceDataset dataset, string expected)
    {
        CanonicalDataset.TryCreate(dataset, out _, out var error).Should().BeFalse(name);

        error.Should().Contain(expected);
    }

    [Fact]
    public void Datasets_differing_only_in_case_and_spacing_are_one_device()
    {
        CanonicalDataset.TryCreate(new DeviceDataset("ACME", "CT 9000", "sn-42", null, "St. Mary"), out var first, out _);
        CanonicalDataset.TryCreate(new DeviceDataset(" acme", "ct  9000", "SN-42 ", "", "ST. MARY"), out var second, out _);

        second!.Text.Should().Be(first!.Text);
    }
}
